package io.rampart.remote;

import io.rampart.RampartException;

/**
 * A remote ask that did not get an answer: the peer answered with a failure (its handler failed, its group refused
 * the ask, the ask timed out there), or the peer was lost with the ask in flight. The ask then completed with this,
 * once: a late answer from the peer is counted and dropped.
 */
public final class RemoteAskException extends RampartException {
    private static final long serialVersionUID = 1L;

    /** What became of the ask. */
    public enum Reason {
        /** The remote handler failed on it (or answered with {@code fail}); the message says with what. */
        HANDLER_FAILED(1),
        /** The remote group refused it: its ring was full, its slot unavailable, or the slot does not exist. */
        REFUSED(2),
        /** The remote engine's ask timeout passed before a handler answered. */
        TIMED_OUT(3),
        /** The peer went silent (no heartbeat within the peer timeout) or disconnected with the ask in flight: it
         * may or may not have been handled there. */
        PEER_LOST(4),
        /** The remote node does not host the group. */
        NO_SUCH_GROUP(5),
        /** The answer arrived but could not be encoded or decoded with the group's answer codec. */
        BAD_ANSWER(6);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }

        static Reason fromCode(int code) {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return HANDLER_FAILED;
        }
    }

    /** The peer the message was for. */
    private final int node;
    /** What became of it. */
    private final Reason reason;

    /**
     * @param node    the peer that was asked
     * @param reason  what became of the ask
     * @param message a description (for a remote failure: the remote exception's class and message)
     */
    public RemoteAskException(int node, Reason reason, String message) {
        super(message);
        this.node = node;
        this.reason = reason;
    }

    /** @return the peer that was asked */
    public int node() {
        return node;
    }

    /** @return what became of the ask */
    public Reason reason() {
        return reason;
    }
}
