package io.rampart.remote;

import java.nio.ByteOrder;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Validates each received frame whole before anything is dispatched, then hands it to a {@link FrameHandler}.
 *
 * <p>The checks, in order: the frame's length (not {@link Rejection#SHORT} of a header, not
 * {@link Rejection#OVERSIZED}); the header (magic, version, a known type, a payload length that matches the frame);
 * for anything but HELLO, a session that passed HELLO as the node the header names ({@link Rejection#UNAUTHENTICATED});
 * a known group; a payload its codec or its fixed layout accepts ({@link Rejection#BAD_PAYLOAD}). A frame that fails
 * one is counted and reported, and {@link #read} returns false: nothing is thrown, no state changes, and the next
 * frame is read as if it had never come.
 *
 * <p>The structural checks come before the session check on purpose: the header fields cannot be trusted until they
 * are validated, and they cost a few loads. A stranger's frames are thus counted under their first fault, and none
 * is dispatched either way.
 *
 * <p>A codec reads its payload through a view bounded to exactly the payload, so a codec that reads past its length
 * fails ({@link Rejection#BAD_PAYLOAD}) rather than reading the next frame's bytes.
 *
 * <p>One thread reads (Aeron polls a subscription from one thread): the reader is not thread-safe; its
 * {@link #counters()} are readable from any thread.
 */
final class FrameReader {
    static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(FrameReader.class.getName());
    private static final int NO_PEER = -1;

    private final int maxFrameLength;
    private final Int2ObjectHashMap<WireGroup> groups = new Int2ObjectHashMap<>();
    private final PeerAuthenticator authenticator;
    private final FrameHandler handler;
    private final RejectionListener listener;
    private final RemoteCounters counters = new RemoteCounters();
    /** The node each authenticated session proved to be. Node ids are 0 or more, so -1 means none. */
    private final Int2IntHashMap peerBySession = new Int2IntHashMap(NO_PEER);
    private final UnsafeBuffer payload = new UnsafeBuffer();
    private final SlotStates slotStates = new SlotStates();

    /**
     * @param groups         the groups this node reads frames for; two whose ids collide are refused
     * @param authenticator  checks HELLOs
     * @param handler        gets every accepted frame
     * @param listener       hears every refused frame and HELLO
     * @param maxFrameLength the longest frame accepted, header included, at least the header and a HELLO
     */
    FrameReader(List<WireGroup> groups, PeerAuthenticator authenticator, FrameHandler handler,
                RejectionListener listener, int maxFrameLength) {
        if (maxFrameLength < FrameHeader.LENGTH + PeerAuthenticator.HELLO_LENGTH) {
            throw new IllegalArgumentException("max frame length must be at least "
                    + (FrameHeader.LENGTH + PeerAuthenticator.HELLO_LENGTH) + ", was " + maxFrameLength);
        }
        for (WireGroup group : groups) {
            WireGroup other = this.groups.put(group.id(), group);
            if (other != null) {
                throw new IllegalArgumentException("groups '" + other.name() + "' and '" + group.name()
                        + "' have the same wire id " + group.id() + ": rename one");
            }
        }
        this.authenticator = authenticator;
        this.handler = handler;
        this.listener = listener;
        this.maxFrameLength = maxFrameLength;
    }

    RemoteCounters counters() {
        return counters;
    }

    /** The node the session authenticated as, or -1. */
    int peerOf(int sessionId) {
        return peerBySession.get(sessionId);
    }

    /** The session's connection is gone (its Aeron image went away): a new one must HELLO again. */
    void sessionClosed(int sessionId) {
        peerBySession.remove(sessionId);
    }

    /**
     * Reads one frame: the {@code length} bytes at {@code offset}, received on {@code sessionId}.
     *
     * @return true if the frame was valid and dispatched, false if it was refused (counted and reported)
     */
    boolean read(DirectBuffer buffer, int offset, int length, int sessionId) {
        if (length < FrameHeader.LENGTH) {
            return reject(sessionId, Rejection.SHORT);
        }
        if (length > maxFrameLength) {
            return reject(sessionId, Rejection.OVERSIZED);
        }
        if (buffer.getShort(offset + FrameHeader.MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != FrameHeader.MAGIC) {
            return reject(sessionId, Rejection.BAD_MAGIC);
        }
        if (buffer.getByte(offset + FrameHeader.VERSION_OFFSET) != FrameHeader.VERSION) {
            return reject(sessionId, Rejection.BAD_VERSION);
        }
        FrameType type = FrameType.fromCode(buffer.getByte(offset + FrameHeader.TYPE_OFFSET));
        if (type == null) {
            return reject(sessionId, Rejection.UNKNOWN_TYPE);
        }
        int payloadLength = buffer.getInt(offset + FrameHeader.PAYLOAD_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (payloadLength != length - FrameHeader.LENGTH) {
            return reject(sessionId, Rejection.LENGTH_MISMATCH);
        }
        int sender = buffer.getInt(offset + FrameHeader.SENDER_OFFSET, ByteOrder.LITTLE_ENDIAN);
        payload.wrap(buffer, offset + FrameHeader.LENGTH, payloadLength);
        if (type == FrameType.HELLO) {
            return hello(sessionId, sender, payloadLength);
        }
        if (sender < 0 || peerBySession.get(sessionId) != sender) {
            return reject(sessionId, Rejection.UNAUTHENTICATED);
        }
        if (type == FrameType.HEARTBEAT) {
            if (payloadLength != FrameHeader.HEARTBEAT_LENGTH) {
                return reject(sessionId, Rejection.BAD_PAYLOAD);
            }
            long tellsAccepted = payload.getLong(0, ByteOrder.LITTLE_ENDIAN);
            if (tellsAccepted < 0) {
                return reject(sessionId, Rejection.BAD_PAYLOAD);
            }
            boolean authenticated = (payload.getInt(FrameHeader.HEARTBEAT_FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN)
                    & FrameHeader.HEARTBEAT_AUTHENTICATED) != 0;
            int helloTag = payload.getInt(FrameHeader.HEARTBEAT_TAG_OFFSET, ByteOrder.LITTLE_ENDIAN);
            counters.accept(type);
            try {
                handler.onHeartbeat(sender, tellsAccepted, authenticated, helloTag);
            } catch (RuntimeException e) {
                handlerFailed(type, sender, e);
            }
            return true;
        }
        WireGroup group = groups.get(buffer.getInt(offset + FrameHeader.GROUP_OFFSET, ByteOrder.LITTLE_ENDIAN));
        if (group == null) {
            return reject(sessionId, Rejection.UNKNOWN_GROUP);
        }
        boolean everyone = (buffer.getShort(offset + FrameHeader.FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN)
                & FrameHeader.FLAG_EVERYONE) != 0;
        long correlationId = buffer.getLong(offset + FrameHeader.CORRELATION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        int slot = buffer.getInt(offset + FrameHeader.SLOT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (slot < FrameHeader.ANY_SLOT) {
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        switch (type) {
            case TELL:
            case ASK:
            case REPLY:
                return message(sessionId, type, sender, group, slot, everyone, correlationId, payloadLength);
            case FAILURE:
                return failure(sessionId, sender, group, correlationId, payloadLength);
            case SLOT_STATE:
                return slotStates(sessionId, sender, group, payloadLength);
            default:
                // HELLO and HEARTBEAT were handled above; a type added to FrameType must be added here.
                throw new IllegalStateException("no reader for " + type);
        }
    }

    private boolean hello(int sessionId, int sender, int payloadLength) {
        if (payloadLength != PeerAuthenticator.HELLO_LENGTH) {
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        HelloRefusal refusal = authenticator.check(sender, payload, 0);
        if (refusal != null) {
            counters.refuse(refusal);
            // A refused HELLO is rare and worth a line: a stranger, or a peer with the wrong secret or clock.
            LOG.log(System.Logger.Level.WARNING, "refused HELLO from node {0} on session {1}: {2}", sender,
                    sessionId, refusal);
            try {
                listener.onHelloRefused(sessionId, sender, refusal);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rejection listener threw", e);
            }
            return false;
        }
        peerBySession.put(sessionId, sender);
        counters.accept(FrameType.HELLO);
        try {
            handler.onHello(sessionId, sender, payload.getInt(PeerAuthenticator.NONCE_OFFSET, ByteOrder.LITTLE_ENDIAN));
        } catch (RuntimeException e) {
            handlerFailed(FrameType.HELLO, sender, e);
        }
        return true;
    }

    private boolean message(int sessionId, FrameType type, int sender, WireGroup group, int slot, boolean everyone,
                            long correlationId, int payloadLength) {
        Codec<?> codec = type == FrameType.REPLY ? group.answers() : group.messages();
        Object decoded;
        try {
            decoded = codec.decode(payload, 0, payloadLength);
        } catch (RuntimeException e) {
            // CodecException is the expected one; any other exception from a codec is a bad payload too.
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        if (!codec.type().isInstance(decoded)) {
            return reject(sessionId, Rejection.BAD_PAYLOAD); // null, or a codec that returned a foreign type
        }
        counters.accept(type);
        try {
            if (type == FrameType.TELL) {
                handler.onTell(sender, group, slot, everyone, decoded);
            } else if (type == FrameType.ASK) {
                handler.onAsk(sender, group, slot, everyone, correlationId, decoded);
            } else {
                handler.onReply(sender, group, correlationId, decoded);
            }
        } catch (RuntimeException e) {
            handlerFailed(type, sender, e);
        }
        return true;
    }

    private boolean failure(int sessionId, int sender, WireGroup group, long correlationId, int payloadLength) {
        int messageLength = payloadLength - FrameHeader.FAILURE_CODE_LENGTH;
        if (messageLength < 0 || messageLength > FrameHeader.MAX_FAILURE_MESSAGE_LENGTH) {
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        int reasonCode = payload.getInt(0, ByteOrder.LITTLE_ENDIAN);
        String message;
        try {
            message = Utf8Codec.INSTANCE.decode(payload, FrameHeader.FAILURE_CODE_LENGTH, messageLength);
        } catch (CodecException e) {
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        counters.accept(FrameType.FAILURE);
        try {
            handler.onFailure(sender, group, correlationId, reasonCode, message);
        } catch (RuntimeException e) {
            handlerFailed(FrameType.FAILURE, sender, e);
        }
        return true;
    }

    private boolean slotStates(int sessionId, int sender, WireGroup group, int payloadLength) {
        if (!slotStates.wrap(payload, 0, payloadLength)) {
            return reject(sessionId, Rejection.BAD_PAYLOAD);
        }
        counters.accept(FrameType.SLOT_STATE);
        try {
            handler.onSlotStates(sender, group, slotStates);
        } catch (RuntimeException e) {
            handlerFailed(FrameType.SLOT_STATE, sender, e);
        }
        return true;
    }

    private boolean reject(int sessionId, Rejection reason) {
        counters.reject(reason);
        try {
            listener.onRejected(sessionId, reason);
        } catch (RuntimeException e) {
            // The listener is the user's: its failure must not become the reader's.
            LOG.log(System.Logger.Level.WARNING, "rejection listener threw", e);
        }
        return false;
    }

    /** The frame was valid and is counted as accepted; the code it went to failed, which the frame did not cause. */
    private void handlerFailed(FrameType type, int sender, RuntimeException e) {
        counters.handlerError();
        LOG.log(System.Logger.Level.WARNING, "handling a " + type + " from node " + sender + " threw", e);
    }
}
