package io.rampart.remote;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@link Codecs#bytes()}: a byte array is its own payload. */
final class BytesCodec implements Codec<byte[]> {
    static final BytesCodec INSTANCE = new BytesCodec();

    private static final byte[] EMPTY = new byte[0];

    private BytesCodec() {
    }

    @Override
    public Class<byte[]> type() {
        return byte[].class;
    }

    @Override
    public int encode(byte[] message, MutableDirectBuffer buffer, int offset, int maxLength) {
        if (message.length > maxLength) {
            return DOES_NOT_FIT;
        }
        buffer.putBytes(offset, message);
        return message.length;
    }

    @Override
    public byte[] decode(DirectBuffer buffer, int offset, int length) {
        if (length == 0) {
            return EMPTY; // shared: an empty array has nothing a receiver could change
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
