package io.rampart;

/**
 * Handles the messages of one slot. A group makes one handler per slot from its factory, and a
 * slot's messages reach its handler one at a time on the slot's own thread, so a handler may keep
 * state without locks.
 *
 * <p>For an ask, answer through {@code ctx}: {@link Context#reply(Object)}, {@link Context#fail},
 * or {@link Context#defer()} to answer later. An exception thrown here fails the ask (or, for a
 * tell, sends the message to dead letters) and is reported to the group's supervisor.
 *
 * <pre>{@code
 * Handler<String> upper = (msg, ctx) -> {
 *     if (ctx.isAsk()) ctx.reply(msg.toUpperCase());
 * };
 * }</pre>
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface Handler<M> {
    /**
     * Handles one message.
     *
     * @param message the message, never null
     * @param ctx     this slot's context, valid until this call returns
     * @throws Exception any failure; it fails the ask or dead-letters the tell
     */
    void handle(M message, Context ctx) throws Exception;
}
