package io.rampart.remote;

/**
 * The layout of the fixed header every frame starts with. Little-endian throughout (Aeron's own headers are, and so
 * are the machines Rampart runs on: no byte swapping). 32 bytes, so that a payload that starts after it stays 8-byte
 * aligned within Aeron's 32-byte aligned fragments.
 *
 * <pre>
 * offset  size  field
 *      0     2  magic            0x5052, the bytes 'R' 'P'
 *      2     1  version          1
 *      3     1  type             FrameType.code()
 *      4     2  flags            FLAG_EVERYONE; other bits are written 0 and ignored
 *      6     2  (reserved, 0)
 *      8     4  sender           the sending node's id
 *     12     4  group            the group's id (WireGroup.idOf its name); 0 for HELLO and HEARTBEAT
 *     16     8  correlation      an ask's id, carried back by its REPLY or FAILURE; 0 otherwise
 *     24     4  payload length   the bytes after the header; must be the fragment's length minus 32
 *     28     4  slot             TELL and ASK: the receiving group's slot, or -1 for the receiver's balancer
 *                                to choose; -1 in every other frame
 *     32        payload
 * </pre>
 */
final class FrameHeader {
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 2;
    static final int TYPE_OFFSET = 3;
    static final int FLAGS_OFFSET = 4;
    static final int SENDER_OFFSET = 8;
    static final int GROUP_OFFSET = 12;
    static final int CORRELATION_OFFSET = 16;
    static final int PAYLOAD_LENGTH_OFFSET = 24;
    static final int SLOT_OFFSET = 28;
    static final int LENGTH = 32;

    static final short MAGIC = 0x5052;
    static final byte VERSION = 1;

    /** TELL or ASK: to every slot of the group ({@code tellEveryone}, {@code askEveryone}) rather than one. */
    static final short FLAG_EVERYONE = 1;

    /** The group id of frames that address no group (HELLO, HEARTBEAT). {@link WireGroup#idOf} never returns it. */
    static final int NO_GROUP = 0;

    /** The slot field of a frame addressed to no slot in particular. */
    static final int ANY_SLOT = -1;

    /**
     * A HEARTBEAT payload, 16 bytes: the TELL frames the sender accepted from the receiver since the receiver's
     * last HELLO (a long), then flags (an int: {@link #HEARTBEAT_AUTHENTICATED} when the receiver's HELLO was
     * accepted), then that HELLO's tag (an int: the first 4 bytes of its nonce, little-endian). The count lets a
     * sender say how many tells were in flight when a peer died; the tag lets it tell the count since its latest
     * HELLO from a count since an older one, still in flight when it said HELLO again.
     */
    static final int HEARTBEAT_LENGTH = 16;
    static final int HEARTBEAT_FLAGS_OFFSET = 8;
    static final int HEARTBEAT_TAG_OFFSET = 12;
    static final int HEARTBEAT_AUTHENTICATED = 1;

    /** A FAILURE payload: the reason code (int), then the message's UTF-8 bytes, at most this many. */
    static final int FAILURE_CODE_LENGTH = 4;
    static final int MAX_FAILURE_MESSAGE_LENGTH = 256;

    private FrameHeader() {
    }
}
