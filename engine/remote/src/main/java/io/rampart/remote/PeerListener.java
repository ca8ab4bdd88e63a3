package io.rampart.remote;

/**
 * Hears a node's peers come and go, on the node's wire thread: keep it short and do not block. Both methods do
 * nothing by default. {@link Node#peers()} gives the same facts as a snapshot at any time.
 */
public interface PeerListener {

    /** A listener that ignores everything. */
    PeerListener NONE = new PeerListener() {
    };

    /**
     * The peer accepted this node's HELLO, its heartbeats arrive and its stream is connected: the remote groups'
     * slots on it are routed to again.
     *
     * @param node the peer
     */
    default void onPeerUp(int node) {
    }

    /**
     * The peer went silent for the peer timeout, or its stream disconnected: its slots are routed around, and the
     * asks in flight to it have failed ({@link RemoteAskException.Reason#PEER_LOST}).
     *
     * @param node         the peer
     * @param why          what was seen ("no heartbeat for 1000 ms", "stream disconnected", ...)
     * @param asksFailed   the asks in flight to it, each failed once
     * @param tellsInDoubt the tells offered to it since it came up that it had not acknowledged: handled there or
     *                     not, nobody can say
     */
    default void onPeerLost(int node, String why, int asksFailed, long tellsInDoubt) {
    }
}
