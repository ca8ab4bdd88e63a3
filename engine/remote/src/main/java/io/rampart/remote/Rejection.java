package io.rampart.remote;

/**
 * Why a received frame was refused before anything was dispatched. Each is counted
 * ({@link RemoteCounters#rejected(Rejection)}); none is ever thrown out of the reader, and the next good frame is
 * read as if the bad one had never come.
 */
public enum Rejection {
    /** Shorter than the 32-byte header. */
    SHORT,
    /** Longer than the configured maximum frame length. */
    OVERSIZED,
    /** The first two bytes are not Rampart's magic: not a Rampart frame at all. */
    BAD_MAGIC,
    /** A Rampart frame of a version this node does not read. */
    BAD_VERSION,
    /** A frame type no version defines. */
    UNKNOWN_TYPE,
    /** The header's payload length is not the frame's length minus the header. */
    LENGTH_MISMATCH,
    /** A TELL, ASK, REPLY, FAILURE or SLOT_STATE for a group id this node does not know. */
    UNKNOWN_GROUP,
    /** The payload is not valid for its frame type: the codec threw, or a fixed-layout payload has the wrong size. */
    BAD_PAYLOAD,
    /**
     * A frame other than HELLO from a connection whose peer has not passed HELLO, or one whose sender id is not
     * the node that connection authenticated as.
     */
    UNAUTHENTICATED
}
