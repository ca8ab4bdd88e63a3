package io.rampart.remote;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns messages of one type into bytes on the wire and back: how a remote group's messages and answers cross
 * between nodes. No Java serialization: a codec writes exactly the bytes it chooses into an Agrona buffer.
 *
 * <p>{@link #encode} runs on the sending thread for every message, so a codec for a hot path should not allocate
 * (the built-ins in {@link Codecs} do not). It must not throw for a message that merely does not fit: it returns
 * {@link #DOES_NOT_FIT}, and the caller decides (a bigger buffer, or refusing the send). {@link #decode} runs on the
 * thread that reads the wire; it throws {@link CodecException} for bytes that are not a valid message, and the frame
 * is then refused as {@link Rejection#BAD_PAYLOAD} and counted: a bad payload never reaches a handler and never
 * harms the node. Any other {@link RuntimeException} from {@code decode} is treated the same way.
 *
 * <p>A codec is shared by every thread that sends to a group and by the thread that reads the wire: keep it
 * stateless (or thread-safe).
 *
 * <p>A codec for a small fixed-layout message, little-endian as the frame header is ({@link QuoteCodec} is the
 * complete example):
 * <pre>{@code
 * record Tick(long instrument, int price) { }
 *
 * final class TickCodec implements Codec<Tick> {
 *     static final int LENGTH = 12;
 *
 *     public Class<Tick> type() { return Tick.class; }
 *
 *     public int encode(Tick t, MutableDirectBuffer buffer, int offset, int maxLength) {
 *         if (maxLength < LENGTH) return DOES_NOT_FIT;
 *         buffer.putLong(offset, t.instrument(), ByteOrder.LITTLE_ENDIAN);
 *         buffer.putInt(offset + 8, t.price(), ByteOrder.LITTLE_ENDIAN);
 *         return LENGTH;
 *     }
 *
 *     public Tick decode(DirectBuffer buffer, int offset, int length) {
 *         if (length != LENGTH) throw new CodecException("a tick is " + LENGTH + " bytes, got " + length);
 *         return new Tick(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN),
 *                         buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN));
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the messages this codec carries
 */
public interface Codec<T> {

    /** What {@link #encode} returns when the message needs more than {@code maxLength} bytes. */
    int DOES_NOT_FIT = -1;

    /**
     * The class of the messages this codec carries: a decoded message is checked against it before it is dispatched.
     *
     * @return the message class
     */
    Class<T> type();

    /**
     * Writes {@code message} into {@code buffer} from {@code offset}, in at most {@code maxLength} bytes.
     *
     * <p>The caller guarantees that {@code [offset, offset + maxLength)} lies within the buffer. When the message
     * does not fit, the codec returns {@link #DOES_NOT_FIT}; it may have written part of that region, which the caller
     * then ignores.
     *
     * @param message   the message, not null
     * @param buffer    where to write
     * @param offset    the index of the first byte to write
     * @param maxLength the most bytes the codec may write
     * @return the number of bytes written, from 0 to {@code maxLength}, or {@link #DOES_NOT_FIT}
     */
    int encode(T message, MutableDirectBuffer buffer, int offset, int maxLength);

    /**
     * Reads a message from exactly the {@code length} bytes at {@code offset}. The buffer is only valid during the
     * call (it is the transport's): copy what the message keeps.
     *
     * @param buffer the received bytes
     * @param offset the index of the payload's first byte
     * @param length the payload's length in bytes, 0 or more
     * @return the message, not null
     * @throws CodecException if the bytes are not a valid message of this codec
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
