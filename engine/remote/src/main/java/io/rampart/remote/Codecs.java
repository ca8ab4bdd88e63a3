package io.rampart.remote;

/**
 * The built-in codecs. Neither allocates when it encodes; both are stateless and shared.
 *
 * <pre>{@code
 * Codec<String> text = Codecs.utf8();
 * int written = text.encode("hello", buffer, offset, maxLength);   // or Codec.DOES_NOT_FIT
 * String back = text.decode(buffer, offset, written);
 * }</pre>
 *
 * <p>{@link QuoteCodec} is an example of a codec for a fixed-layout record, written the way a user writes one.
 */
public final class Codecs {

    private Codecs() {
    }

    /**
     * A {@code byte[]} as its bytes, as they are. Any payload is a valid array, the empty one included; the decoded
     * array is a copy.
     *
     * @return the codec for byte arrays
     */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /**
     * A {@link String} as its UTF-8 bytes, without a length prefix (the frame carries the length). Encoding writes
     * the bytes one by one and allocates nothing (Agrona's {@code putStringWithoutLengthUtf8} would allocate a
     * {@code byte[]} per call). A lone surrogate is encoded as {@code '?'}, as {@link String#getBytes} does.
     * Decoding is strict: malformed UTF-8 (a stray continuation byte, a truncated sequence, an overlong form, an
     * encoded surrogate, a code point past U+10FFFF) throws {@link CodecException} rather than being replaced.
     *
     * @return the codec for strings
     */
    public static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }
}
