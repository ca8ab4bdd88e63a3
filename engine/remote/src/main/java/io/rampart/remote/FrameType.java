package io.rampart.remote;

/** What a frame carries: the byte at offset 3 of its header. */
public enum FrameType {
    /** A peer proving it holds the shared secret: its node id, a nonce, a timestamp and their HMAC. */
    HELLO(1),
    /** A message for a group: {@code tellOne}, or {@code tellEveryone} with the EVERYONE flag. */
    TELL(2),
    /** A message that wants an answer, with the correlation id the REPLY or FAILURE will carry back. */
    ASK(3),
    /** An ask's answer, encoded with the group's answer codec. */
    REPLY(4),
    /** An ask's failure: a reason code and a short UTF-8 message. */
    FAILURE(5),
    /** A sign of life, with an empty payload. */
    HEARTBEAT(6),
    /** A group's slots as the receiving node sees them (per slot: state and backlog), for a sender's balancer. */
    SLOT_STATE(7);

    /** Indexed by wire code; {@code values()} would copy its array on every frame. */
    private static final FrameType[] BY_CODE = new FrameType[8];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    /**
     * The byte that stands for this type on the wire.
     *
     * @return the wire code, from 1 to 7
     */
    public byte code() {
        return code;
    }

    /** The type whose wire code is {@code code}, or null for a code no version of the frame defines. */
    static FrameType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
