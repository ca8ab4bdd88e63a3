package io.rampart.remote;

/**
 * Hears every frame a node refused, on the thread that reads the wire: keep it short and do not block. Both methods
 * do nothing by default; {@link RemoteCounters} counts the same events whether a listener is set or not.
 */
public interface RejectionListener {

    /** A listener that ignores everything. */
    RejectionListener NONE = new RejectionListener() {
    };

    /**
     * A frame was refused before anything was dispatched.
     *
     * @param sessionId the transport session (an Aeron publication's session id) the frame came from
     * @param reason    why it was refused
     */
    default void onRejected(int sessionId, Rejection reason) {
    }

    /**
     * A HELLO was refused: the session stays unauthenticated.
     *
     * @param sessionId   the transport session the HELLO came from
     * @param claimedNode the node id the HELLO claims (unproven)
     * @param reason      why it was refused
     */
    default void onHelloRefused(int sessionId, int claimedNode, HelloRefusal reason) {
    }
}
