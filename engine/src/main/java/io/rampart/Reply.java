package io.rampart;

/**
 * The answer channel of one ask, for handlers that answer later or from another thread.
 *
 * <p>Obtained from {@link Context#defer()} while the handler runs; usable afterwards from any
 * thread. An ask is answered exactly once: a second answer throws {@link IllegalStateException};
 * an answer that arrives after the ask timed out (or was cancelled by its caller) goes to dead
 * letters as {@link DeadLetter.Reason#LATE_REPLY}.
 *
 * <pre>{@code
 * (msg, ctx) -> {
 *     Reply reply = ctx.defer();
 *     httpClient.sendAsync(req, ofString()).whenComplete((r, e) -> {
 *         if (e != null) reply.fail(e); else reply.reply(r.body());
 *     });
 * }
 * }</pre>
 */
public interface Reply {
    /**
     * Completes the ask with a value, which must be of the group's answer type
     * ({@link GroupSpec#answerType()}) or null.
     *
     * @param value the answer; may be null
     * @throws IllegalStateException    if this ask was already answered
     * @throws IllegalArgumentException if {@code value} is not of the group's answer type: the ask then
     *                                  fails with this same exception (that was its one answer), so
     *                                  it still completes exactly once, never with a wrong-typed value
     */
    void reply(Object value);

    /**
     * Completes the ask exceptionally: the caller's future fails with {@code cause}.
     *
     * @param cause why the request failed; not null
     * @throws IllegalStateException if this ask was already answered
     */
    void fail(Throwable cause);
}
