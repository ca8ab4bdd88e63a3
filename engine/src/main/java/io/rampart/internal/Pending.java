package io.rampart.internal;

import io.rampart.Reply;

/**
 * What a slot needs of an ask it carries, whichever kind it is: a future ({@link Ask}, one object per
 * ask) or a caller's reusable {@link ReplyCell} (one object per caller thread, reused ask after ask).
 * Every call names the ask by its {@code token}: a cell is reused, so an answer must say which of its
 * asks it is for, and one meant for an earlier ask is late, never the later ask's answer. An
 * {@code Ask} is used once and ignores the token.
 */
interface Pending {
    /** @return whether the ask {@code token} is complete (answered, failed, timed out or given up) */
    boolean isDone(long token);

    /** @return whether the handler answered the ask {@code token} (reply or fail), whoever completed it */
    boolean isAnswered(long token);

    /** The handler's answer; late (dead letters, {@code LATE_REPLY}) if the ask is done or gone. */
    void reply(long token, Object value);

    /** The handler's failure; late like {@link #reply(long, Object)}. */
    void fail(long token, Throwable cause);

    /**
     * The engine's own failure of the ask: never throws, is not the handler's answer.
     *
     * @return true if the caller will see {@code cause}
     */
    boolean tryFail(long token, Throwable cause);

    /** @return the ask's reply channel for an answer given after the handler returns */
    Reply deferred(long token);

    /** The slot the ask went to, for messages and dead letters. */
    void routedTo(int slot);
}
