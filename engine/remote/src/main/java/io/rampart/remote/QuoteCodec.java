package io.rampart.remote;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The codec of {@link Quote}, written the way a user writes a codec for a fixed-layout message: explicit offsets,
 * little-endian (as the frame header), a length check on both sides, no allocation when encoding.
 *
 * <pre>
 * offset  size  field
 *      0     8  instrument   (long)
 *      8     8  priceMicros  (long)
 *     16     4  quantity     (int)
 *     20        end: LENGTH
 * </pre>
 *
 * <pre>{@code
 * Codec<Quote> quotes = new QuoteCodec();
 * int written = quotes.encode(new Quote(7, 101_250_000, 300), buffer, offset, maxLength);   // 20
 * Quote back = quotes.decode(buffer, offset, written);
 * }</pre>
 */
public final class QuoteCodec implements Codec<Quote> {

    /** The encoded length of every quote, in bytes. */
    public static final int LENGTH = 20;

    private static final int INSTRUMENT_OFFSET = 0;
    private static final int PRICE_OFFSET = 8;
    private static final int QUANTITY_OFFSET = 16;

    /** A quote codec; it is stateless, so one instance can serve every group and thread. */
    public QuoteCodec() {
    }

    @Override
    public Class<Quote> type() {
        return Quote.class;
    }

    @Override
    public int encode(Quote quote, MutableDirectBuffer buffer, int offset, int maxLength) {
        if (maxLength < LENGTH) {
            return DOES_NOT_FIT;
        }
        buffer.putLong(offset + INSTRUMENT_OFFSET, quote.instrument(), ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + PRICE_OFFSET, quote.priceMicros(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + QUANTITY_OFFSET, quote.quantity(), ByteOrder.LITTLE_ENDIAN);
        return LENGTH;
    }

    /**
     * Reads a quote from exactly {@link #LENGTH} bytes.
     *
     * @param buffer the received bytes
     * @param offset the index of the payload's first byte
     * @param length the payload's length in bytes
     * @return the quote
     * @throws CodecException if {@code length} is not {@link #LENGTH}: a shorter payload is a truncated quote, a
     *                        longer one is not a quote this version knows
     */
    @Override
    public Quote decode(DirectBuffer buffer, int offset, int length) {
        if (length != LENGTH) {
            throw new CodecException("a quote is " + LENGTH + " bytes, got " + length);
        }
        return new Quote(buffer.getLong(offset + INSTRUMENT_OFFSET, ByteOrder.LITTLE_ENDIAN),
                buffer.getLong(offset + PRICE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                buffer.getInt(offset + QUANTITY_OFFSET, ByteOrder.LITTLE_ENDIAN));
    }
}
