package io.rampart.remote;

/**
 * Why a well-formed HELLO was refused: the connection stays unauthenticated and every other frame it sends is
 * refused as {@link Rejection#UNAUTHENTICATED}. Each is counted ({@link RemoteCounters#helloRefused(HelloRefusal)})
 * and reported to the {@link RejectionListener}.
 */
public enum HelloRefusal {
    /** The sender's node id is not one of the configured peers. */
    UNKNOWN_PEER,
    /** The HELLO is addressed to another node id than this node's. */
    WRONG_RECEIVER,
    /** The MAC does not match: the sender does not hold the shared secret, or the HELLO was altered. */
    WRONG_SECRET,
    /** The timestamp is outside the accepted window around this node's clock (too old, or too far ahead). */
    STALE,
    /** A nonce already accepted from that peer within the window: a HELLO captured and sent again. */
    REPLAY
}
