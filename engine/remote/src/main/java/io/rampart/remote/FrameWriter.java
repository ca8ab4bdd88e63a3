package io.rampart.remote;

import io.rampart.SlotState;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes whole frames, header and payload, for one sending node. Each method writes at {@code offset} and returns
 * the frame's length, or {@link Codec#DOES_NOT_FIT} when the frame would not fit in the buffer or exceed the maximum
 * frame length; nothing is sent either way (the transport sends, later). Writing a TELL, ASK or REPLY allocates
 * nothing beyond what its codec allocates (the built-ins: nothing).
 *
 * <p>Stateless apart from its configuration: any thread may use it on its own buffer.
 */
final class FrameWriter {
    private final int sender;
    private final int maxFrameLength;

    /**
     * @param sender         this node's id, written into every header
     * @param maxFrameLength the longest frame to write, header included: the receivers' maximum
     */
    FrameWriter(int sender, int maxFrameLength) {
        if (sender < 0) {
            throw new IllegalArgumentException("node id must be 0 or more, was " + sender);
        }
        if (maxFrameLength < FrameHeader.LENGTH + PeerAuthenticator.HELLO_LENGTH) {
            throw new IllegalArgumentException("max frame length must be at least "
                    + (FrameHeader.LENGTH + PeerAuthenticator.HELLO_LENGTH) + ", was " + maxFrameLength);
        }
        this.sender = sender;
        this.maxFrameLength = maxFrameLength;
    }

    /** The tag of the HELLO written at {@code offset}: the first 4 bytes of its nonce, which heartbeats echo. */
    static int helloTag(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + FrameHeader.LENGTH + PeerAuthenticator.NONCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** A HELLO to {@code receiverNode}, signed by {@code authenticator} (whose node must be this writer's). */
    int hello(MutableDirectBuffer buffer, int offset, PeerAuthenticator authenticator, int receiverNode) {
        if (authenticator.localNode() != sender) {
            throw new IllegalArgumentException("authenticator of node " + authenticator.localNode()
                    + " for a writer of node " + sender);
        }
        if (room(buffer, offset) < PeerAuthenticator.HELLO_LENGTH) {
            return Codec.DOES_NOT_FIT;
        }
        int length = authenticator.writeHello(buffer, offset + FrameHeader.LENGTH, receiverNode);
        return header(buffer, offset, FrameType.HELLO, 0, FrameHeader.NO_GROUP, FrameHeader.ANY_SLOT, 0L, length);
    }

    /** A TELL of {@code message} to the group {@code groupId}: one slot, or every slot if {@code everyone}. */
    <T> int tell(MutableDirectBuffer buffer, int offset, int groupId, boolean everyone, Codec<T> codec, T message) {
        return tell(buffer, offset, groupId, FrameHeader.ANY_SLOT, everyone, codec, message);
    }

    /** A TELL to the slot {@code slot} of the group, or to the slot its balancer picks if {@code slot} is -1. */
    <T> int tell(MutableDirectBuffer buffer, int offset, int groupId, int slot, boolean everyone, Codec<T> codec,
                 T message) {
        return coded(buffer, offset, FrameType.TELL, everyone, groupId, slot, 0L, codec, message);
    }

    /** An ASK of {@code message}; its REPLY or FAILURE will carry {@code correlationId} back. */
    <T> int ask(MutableDirectBuffer buffer, int offset, int groupId, boolean everyone, long correlationId,
                Codec<T> codec, T message) {
        return ask(buffer, offset, groupId, FrameHeader.ANY_SLOT, everyone, correlationId, codec, message);
    }

    /** An ASK to the slot {@code slot} of the group, or to the slot its balancer picks if {@code slot} is -1. */
    <T> int ask(MutableDirectBuffer buffer, int offset, int groupId, int slot, boolean everyone, long correlationId,
                Codec<T> codec, T message) {
        return coded(buffer, offset, FrameType.ASK, everyone, groupId, slot, correlationId, codec, message);
    }

    /** The REPLY to the ask {@code correlationId}, encoded with the group's answer codec. */
    <T> int reply(MutableDirectBuffer buffer, int offset, int groupId, long correlationId, Codec<T> codec,
                  T answer) {
        return coded(buffer, offset, FrameType.REPLY, false, groupId, FrameHeader.ANY_SLOT, correlationId, codec,
                answer);
    }

    /**
     * The FAILURE of the ask {@code correlationId}: a reason code and a message, cut at a character boundary to
     * {@link FrameHeader#MAX_FAILURE_MESSAGE_LENGTH} bytes of UTF-8 if longer.
     */
    int failure(MutableDirectBuffer buffer, int offset, int groupId, long correlationId, int reasonCode,
                String message) {
        int room = room(buffer, offset) - FrameHeader.FAILURE_CODE_LENGTH;
        if (room < 0) {
            return Codec.DOES_NOT_FIT;
        }
        int payloadOffset = offset + FrameHeader.LENGTH;
        buffer.putInt(payloadOffset, reasonCode, ByteOrder.LITTLE_ENDIAN);
        int written = Utf8Codec.encodePrefix(message, buffer, payloadOffset + FrameHeader.FAILURE_CODE_LENGTH,
                Math.min(room, FrameHeader.MAX_FAILURE_MESSAGE_LENGTH));
        return header(buffer, offset, FrameType.FAILURE, 0, groupId, FrameHeader.ANY_SLOT, correlationId,
                FrameHeader.FAILURE_CODE_LENGTH + written);
    }

    /** A HEARTBEAT that acknowledges no tell and does not say the receiver is authenticated. */
    int heartbeat(MutableDirectBuffer buffer, int offset) {
        return heartbeat(buffer, offset, 0L, false, 0);
    }

    /**
     * A HEARTBEAT: the TELL frames accepted from the receiver since its last HELLO, whether that HELLO was
     * accepted (so the receiver knows whether it must say HELLO again), and that HELLO's tag.
     */
    int heartbeat(MutableDirectBuffer buffer, int offset, long tellsAccepted, boolean authenticated, int helloTag) {
        if (room(buffer, offset) < FrameHeader.HEARTBEAT_LENGTH) {
            return Codec.DOES_NOT_FIT;
        }
        int payload = offset + FrameHeader.LENGTH;
        buffer.putLong(payload, tellsAccepted, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(payload + FrameHeader.HEARTBEAT_FLAGS_OFFSET,
                authenticated ? FrameHeader.HEARTBEAT_AUTHENTICATED : 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(payload + FrameHeader.HEARTBEAT_TAG_OFFSET, helloTag, ByteOrder.LITTLE_ENDIAN);
        return header(buffer, offset, FrameType.HEARTBEAT, 0, FrameHeader.NO_GROUP, FrameHeader.ANY_SLOT, 0L,
                FrameHeader.HEARTBEAT_LENGTH);
    }

    /** A SLOT_STATE of the group's first {@code count} slots. */
    int slotStates(MutableDirectBuffer buffer, int offset, int groupId, SlotState[] states, long[] backlogs,
                   int count) {
        if (room(buffer, offset) < SlotStates.lengthFor(count)) {
            return Codec.DOES_NOT_FIT;
        }
        int length = SlotStates.write(buffer, offset + FrameHeader.LENGTH, states, backlogs, count);
        return header(buffer, offset, FrameType.SLOT_STATE, 0, groupId, FrameHeader.ANY_SLOT, 0L, length);
    }

    private <T> int coded(MutableDirectBuffer buffer, int offset, FrameType type, boolean everyone, int groupId,
                          int slot, long correlationId, Codec<T> codec, T message) {
        int room = room(buffer, offset);
        if (room < 0) {
            return Codec.DOES_NOT_FIT;
        }
        int length = codec.encode(message, buffer, offset + FrameHeader.LENGTH, room);
        if (length < 0 || length > room) {
            return Codec.DOES_NOT_FIT; // DOES_NOT_FIT, or a codec that broke its contract: never send it
        }
        return header(buffer, offset, type, everyone ? FrameHeader.FLAG_EVERYONE : 0, groupId, slot, correlationId,
                length);
    }

    /** The payload bytes available at {@code offset}: what the buffer and the maximum frame length both allow. */
    private int room(MutableDirectBuffer buffer, int offset) {
        return Math.min(maxFrameLength, buffer.capacity() - offset) - FrameHeader.LENGTH;
    }

    private int header(MutableDirectBuffer buffer, int offset, FrameType type, int flags, int groupId, int slot,
                       long correlationId, int payloadLength) {
        buffer.putShort(offset + FrameHeader.MAGIC_OFFSET, FrameHeader.MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + FrameHeader.VERSION_OFFSET, FrameHeader.VERSION);
        buffer.putByte(offset + FrameHeader.TYPE_OFFSET, type.code());
        buffer.putShort(offset + FrameHeader.FLAGS_OFFSET, (short) flags, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + FrameHeader.FLAGS_OFFSET + 2, (short) 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + FrameHeader.SENDER_OFFSET, sender, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + FrameHeader.GROUP_OFFSET, groupId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + FrameHeader.CORRELATION_OFFSET, correlationId, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + FrameHeader.PAYLOAD_LENGTH_OFFSET, payloadLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + FrameHeader.SLOT_OFFSET, slot, ByteOrder.LITTLE_ENDIAN);
        return FrameHeader.LENGTH + payloadLength;
    }
}
