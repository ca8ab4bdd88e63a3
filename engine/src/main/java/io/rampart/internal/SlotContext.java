package io.rampart.internal;

import io.rampart.BatchAware;
import io.rampart.Context;
import io.rampart.Reply;

/**
 * The one {@link Context} of a slot, rebound to each message: handing a fresh context to every call
 * would cost an allocation per message.
 */
public final class SlotContext implements Context {
    private final String group;
    private final int slot;
    /** The group's declared answer class. */
    private final Class<?> answerType;
    private Pending ask;
    private long token;
    /** The message's context while bound; written only when there is one (it is null between messages). */
    private Object correlation;
    private boolean bound;
    private boolean deferred;
    /** Set per message only while the handler is {@link BatchAware}. */
    private boolean batchAware;
    private boolean endOfBatch;

    SlotContext(String group, int slot, Class<?> answerType) {
        this.group = group;
        this.slot = slot;
        this.answerType = answerType;
    }

    // Per message on the consumer's hot path: the ask field is written only for asks, because it is
    // always null between messages and a reference store pays a GC write barrier even for null.
    void bind(Pending ask, long token, Object correlation) {
        if (ask != null) {
            this.ask = ask;
            this.token = token;
        }
        if (correlation != null) {
            this.correlation = correlation;
        }
        this.bound = true;
        this.deferred = false;
    }

    void unbind() {
        if (ask != null) {
            this.ask = null;
        }
        if (correlation != null) {
            this.correlation = null;
        }
        this.bound = false;
    }

    /** Whether the handler tracks batches; set when a handler is made. */
    void batchAware(boolean aware) {
        this.batchAware = aware;
    }

    /** Batch-aware handlers only: whether the message being bound is its batch's last. */
    void endOfBatch(boolean last) {
        this.endOfBatch = last;
    }

    @Override
    public boolean endOfBatch() {
        if (!batchAware) {
            throw new IllegalStateException("ctx.endOfBatch(): the handler of group '" + group + "' slot " + slot
                    + " does not implement BatchAware, so the slot does not track its batches");
        }
        if (!bound) {
            throw new IllegalStateException("ctx.endOfBatch() called after the handler of group '" + group
                    + "' slot " + slot + " returned");
        }
        return endOfBatch;
    }

    boolean deferred() {
        return deferred;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public Object correlation() {
        return correlation;
    }

    @Override
    public boolean isAsk() {
        return ask != null;
    }

    @Override
    public void reply(Object value) {
        Pending a = ask("reply");
        IllegalArgumentException wrong = AnswerType.check(group, answerType, value);
        if (wrong != null) {
            throw wrong; // the handler fails (as if it threw it): the ask fails with it, through supervision
        }
        a.reply(token, value);
    }

    @Override
    public void fail(Throwable cause) {
        ask("fail").fail(token, cause);
    }

    @Override
    public Reply defer() {
        Pending a = ask("defer");
        deferred = true;
        return a.deferred(token);
    }

    private Pending ask(String op) {
        if (!bound) {
            throw new IllegalStateException("ctx." + op + "() called after the handler of group '" + group()
                    + "' slot " + slot() + " returned; take a Reply with ctx.defer() to answer later");
        }
        if (ask == null) {
            throw new IllegalStateException("ctx." + op + "(): the message to group '" + group() + "' slot "
                    + slot() + " came by tell, so there is no ask to answer");
        }
        return ask;
    }
}
