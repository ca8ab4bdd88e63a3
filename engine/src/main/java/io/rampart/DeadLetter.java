package io.rampart;

/**
 * Something the engine accepted but could not deliver, with the reason.
 *
 * @param engine  the engine's name
 * @param group   the group it was addressed to
 * @param slot    the slot it reached, or -1 if it reached none
 * @param reason  why it is undeliverable
 * @param message the message; for {@link Reason#LATE_REPLY} the late answer (value or cause)
 * @param cause   the failure behind it, or null
 * @param correlation the context (a trace or correlation id) sent with the message by
 *                {@link Distributor#tellOne(Object, Object)} or
 *                {@link Distributor#askOne(Object, Object, java.time.Duration)}, or null
 */
public record DeadLetter(String engine, String group, int slot, Reason reason, Object message, Throwable cause,
                         Object correlation) {

    /**
     * A dead letter without a correlation.
     *
     * @param engine  the engine's name
     * @param group   the group it was addressed to
     * @param slot    the slot it reached, or -1
     * @param reason  why it is undeliverable
     * @param message the message
     * @param cause   the failure behind it, or null
     */
    public DeadLetter(String engine, String group, int slot, Reason reason, Object message, Throwable cause) {
        this(engine, group, slot, reason, message, cause, null);
    }

    /** Why a message became a dead letter. */
    public enum Reason {
        /** The group's ring was full and its backpressure policy is {@link Backpressure#deadLetter()}. */
        RING_FULL,
        /** The handler threw while handling a tell (an ask fails with the exception instead). */
        HANDLER_FAILED,
        /** An answer arrived after its ask had timed out or been cancelled. */
        LATE_REPLY,
        /** An ask timed out (or was cancelled) before a handler took it; it was not handled. */
        EXPIRED_ASK,
        /** The group or slot stopped for good with the message still queued and nowhere to move it. */
        GROUP_STOPPED,
        /** The engine's close deadline passed with the message still queued behind a stuck handler. */
        ENGINE_CLOSED
    }
}
