package io.rampart.remote;

/**
 * One peer as a node sees it, at one moment ({@link Node#peers()}).
 *
 * @param node            the peer's id
 * @param endpoint        where this node sends to it
 * @param up              whether messages are routed to it now
 * @param millisSinceHeard since its last frame was accepted, or -1 if never
 * @param timesLost       how often it was up and then lost
 * @param tellsSent       TELL frames offered to it and accepted by its stream, since this node started
 * @param tellsAcknowledged the tells its last heartbeat acknowledged, since it last came up
 * @param tellsInDoubt    tells offered while it was up that it never acknowledged before it was lost: each was
 *                        handled there, or dead-lettered there, or lost with it; this node cannot tell which
 * @param asksSent        ASK frames offered to it and accepted by its stream
 * @param asksPending     asks sent to it and not yet completed
 * @param asksFailedLost  asks failed because it was lost with them in flight
 */
public record PeerStatus(int node, Endpoint endpoint, boolean up, long millisSinceHeard, long timesLost,
                         long tellsSent, long tellsAcknowledged, long tellsInDoubt, long asksSent, int asksPending,
                         long asksFailedLost) {
}
