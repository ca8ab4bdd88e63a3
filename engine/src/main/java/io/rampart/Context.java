package io.rampart;

/**
 * What a {@link Handler} knows about the message in hand: where it came in, and how to answer it.
 * Valid only during {@link Handler#handle}; to answer later, take a {@link Reply} with {@link #defer()}.
 */
public interface Context {
    /** @return the group's name */
    String group();

    /** @return the slot's index in its group, from 0 */
    int slot();

    /** @return true if the message came by an ask and expects an answer */
    boolean isAsk();

    /**
     * Answers the ask with a value, which must be of the group's answer type
     * ({@link GroupSpec#answerType()}) or null: the caller's future is typed by it.
     *
     * @param value the answer; may be null
     * @throws IllegalStateException    if the message came by a tell, the ask was already answered, or
     *                                  this is called after the handler returned
     * @throws IllegalArgumentException if {@code value} is not of the group's answer type; the ask is
     *                                  not answered: if the handler lets it out (or throws anything
     *                                  else), that is the handler's failure, which fails the ask with
     *                                  it and goes to the group's supervision as any other
     */
    void reply(Object value);

    /**
     * Answers the ask with a failure; the caller's future completes exceptionally with {@code cause}.
     *
     * @param cause why; not null
     * @throws IllegalStateException as for {@link #reply(Object)}
     */
    void fail(Throwable cause);

    /**
     * Detaches the ask's answer so it can be given after the handler returns, from any thread.
     *
     * @return the ask's reply channel
     * @throws IllegalStateException if the message came by a tell or this is called after the
     *                               handler returned
     */
    Reply defer();

    /**
     * Whether this message is the last of the batch the slot found published when the batch started
     * (see {@link BatchAware}): after it, the handler may flush what it gathered. Messages published
     * since then form the next batch.
     *
     * @return true for the batch's last message
     * @throws IllegalStateException if the handler does not implement {@link BatchAware} (the slot
     *                               tracks batches only for handlers that ask for it), or this is
     *                               called after the handler returned
     */
    boolean endOfBatch();

    /**
     * The context sent with this message ({@link Distributor#tellOne(Object, Object)},
     * {@link Distributor#askOne(Object, Object, java.time.Duration)}): a trace or correlation id,
     * for logs and spans.
     *
     * <pre>{@code
     * (msg, ctx) -> { MDC.put("trace", String.valueOf(ctx.correlation())); ... }
     * }</pre>
     *
     * @return the message's context, or null if it was sent without one
     */
    default Object correlation() {
        return null;
    }
}
