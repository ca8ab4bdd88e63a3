package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Round trips of the built-in codecs and of QuoteCodec, their limits, and the payloads they refuse. */
class CodecTest {
    private static final int OFFSET = 8;
    /** A byte no codec writes here, to see where a codec stopped. */
    private static final byte UNTOUCHED = (byte) 0xA5;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    CodecTest() {
        buffer.setMemory(0, buffer.capacity(), UNTOUCHED);
    }

    @Test
    void bytesRoundTripEmptySmallAndMaxSize() {
        Codec<byte[]> codec = Codecs.bytes();
        assertThat(codec.type()).isEqualTo(byte[].class);
        for (byte[] message : new byte[][] {new byte[0], {1, 2, 3}, filled(100, (byte) 7)}) {
            int written = codec.encode(message, buffer, OFFSET, message.length); // exactly the room it needs
            assertThat(written).isEqualTo(message.length);
            assertThat(codec.decode(buffer, OFFSET, written)).containsExactly(message);
            assertThat(buffer.getByte(OFFSET + written)).isEqualTo(UNTOUCHED);
        }
    }

    @Test
    void bytesThatDoNotFitAreRefusedAndNothingIsWritten() {
        byte[] message = filled(101, (byte) 7);
        assertThat(Codecs.bytes().encode(message, buffer, OFFSET, 100)).isEqualTo(Codec.DOES_NOT_FIT);
        assertThat(buffer.getByte(OFFSET)).isEqualTo(UNTOUCHED);
    }

    @Test
    void decodedBytesAreACopy() {
        Codecs.bytes().encode(new byte[] {1, 2}, buffer, OFFSET, 2);
        byte[] decoded = Codecs.bytes().decode(buffer, OFFSET, 2);
        buffer.putByte(OFFSET, (byte) 9);
        assertThat(decoded).containsExactly(1, 2);
    }

    @Test
    void utf8RoundTripsAndWritesTheSameBytesAsTheJdk() {
        Codec<String> codec = Codecs.utf8();
        assertThat(codec.type()).isEqualTo(String.class);
        String[] messages = {"", "a", "hello", "héllo wörld", "€ 100", "𝄞 clef", "日本語テキスト",
            "mixed: a é € 𝄞 end", "\u0000nul inside\u0000", "\u007f\u0080\u07ff\u0800\uffff"};
        for (String message : messages) {
            byte[] jdk = message.getBytes(StandardCharsets.UTF_8);
            int written = codec.encode(message, buffer, OFFSET, 1000);
            assertThat(written).as("bytes written for %s", message).isEqualTo(jdk.length);
            byte[] ours = new byte[written];
            buffer.getBytes(OFFSET, ours);
            assertThat(ours).as("bytes of %s", message).containsExactly(jdk);
            assertThat(codec.decode(buffer, OFFSET, written)).isEqualTo(message);
        }
    }

    @Test
    void utf8AtExactlyItsMaxSizeFitsAndOneByteLessDoesNot() {
        Codec<String> codec = Codecs.utf8();
        // 3 bytes per char for '€', 4 per pair: the count is needed (3 * chars > maxLength).
        String message = "€€𝄞a€";
        int length = message.getBytes(StandardCharsets.UTF_8).length; // 3 + 3 + 4 + 1 + 3 = 14
        assertThat(length).isEqualTo(14);
        assertThat(codec.encode(message, buffer, OFFSET, length)).isEqualTo(length);
        assertThat(codec.decode(buffer, OFFSET, length)).isEqualTo(message);

        buffer.setMemory(0, buffer.capacity(), UNTOUCHED);
        assertThat(codec.encode(message, buffer, OFFSET, length - 1)).isEqualTo(Codec.DOES_NOT_FIT);
        assertThat(buffer.getByte(OFFSET)).as("nothing written").isEqualTo(UNTOUCHED);
        // More chars than bytes: refused without counting.
        assertThat(codec.encode("abc", buffer, OFFSET, 2)).isEqualTo(Codec.DOES_NOT_FIT);
        assertThat(codec.encode("", buffer, OFFSET, 0)).isZero();
    }

    @Test
    void aLoneSurrogateIsWrittenAsAQuestionMarkAsTheJdkDoes() {
        for (String message : new String[] {"a\uD834b", "end\uD834", "\uDD1Estart", "\uDD1E\uD834"}) {
            byte[] jdk = message.getBytes(StandardCharsets.UTF_8);
            int written = Codecs.utf8().encode(message, buffer, OFFSET, 100);
            byte[] ours = new byte[written];
            buffer.getBytes(OFFSET, ours);
            assertThat(ours).containsExactly(jdk);
            assertThat(Utf8Codec.encodedLength(message)).isEqualTo(jdk.length);
        }
    }

    @Test
    void encodePrefixCutsAtACharacterBoundary() {
        // "a€𝄞": 1 + 3 + 4 bytes. In 6 bytes, only "a€" fits whole.
        int written = Utf8Codec.encodePrefix("a€𝄞", buffer, OFFSET, 6);
        assertThat(written).isEqualTo(4);
        assertThat(Codecs.utf8().decode(buffer, OFFSET, written)).isEqualTo("a€");
    }

    @Test
    void malformedUtf8IsABadPayload() {
        int[][] malformed = {
            {0x80},                   // a continuation byte with no lead
            {0x61, 0xBF},             // the same after an ASCII byte
            {0xC0, 0x80},             // overlong NUL
            {0xC1, 0xBF},             // overlong
            {0xE0, 0x80, 0x80},       // overlong 3-byte form
            {0xF0, 0x80, 0x80, 0x80}, // overlong 4-byte form
            {0xED, 0xA0, 0x80},       // an encoded surrogate, U+D800
            {0xF4, 0x90, 0x80, 0x80}, // U+110000, past the last code point
            {0xF5, 0x80, 0x80, 0x80}, // a lead byte no character starts with
            {0xFF},
            {0xE2, 0x82},             // '€' cut short
            {0xF0, 0x9D, 0x84},       // '𝄞' cut short
            {0xE2, 0x28, 0xA1},       // a bad continuation in the middle
            {0xF0, 0x9D, 0x84, 0x28}, // a bad last continuation
        };
        for (int[] bytes : malformed) {
            for (int i = 0; i < bytes.length; i++) {
                buffer.putByte(OFFSET + i, (byte) bytes[i]);
            }
            assertThatThrownBy(() -> Codecs.utf8().decode(buffer, OFFSET, bytes.length))
                    .as("decoding %s", Arrays.toString(bytes))
                    .isInstanceOf(CodecException.class)
                    .hasMessageStartingWith("malformed UTF-8");
        }
    }

    @Test
    void theLengthBoundsTheDecodingNotTheBuffer() {
        int written = Codecs.utf8().encode("€", buffer, OFFSET, 10);
        // The same bytes read with a length that cuts the character: malformed, not read past the length.
        assertThat(written).isEqualTo(3);
        assertThatThrownBy(() -> Codecs.utf8().decode(buffer, OFFSET, 2)).isInstanceOf(CodecException.class);
    }

    @Test
    void quoteRoundTripsInItsFixedLayout() {
        QuoteCodec codec = new QuoteCodec();
        Quote quote = new Quote(Long.MIN_VALUE + 7, 101_250_000L, -3);
        assertThat(codec.type()).isEqualTo(Quote.class);
        assertThat(codec.encode(quote, buffer, OFFSET, QuoteCodec.LENGTH)).isEqualTo(QuoteCodec.LENGTH);
        assertThat(codec.decode(buffer, OFFSET, QuoteCodec.LENGTH)).isEqualTo(quote);
        assertThat(buffer.getByte(OFFSET + QuoteCodec.LENGTH)).isEqualTo(UNTOUCHED);
        // Little-endian, at the documented offsets.
        assertThat(buffer.getByte(OFFSET)).isEqualTo((byte) 7);
        assertThat(buffer.getByte(OFFSET + 7)).isEqualTo((byte) 0x80);
        assertThat(buffer.getInt(OFFSET + 16, java.nio.ByteOrder.LITTLE_ENDIAN)).isEqualTo(-3);
    }

    @Test
    void aQuoteThatDoesNotFitIsRefusedAndAShortOrLongPayloadIsBad() {
        QuoteCodec codec = new QuoteCodec();
        assertThat(codec.encode(new Quote(1, 2, 3), buffer, OFFSET, QuoteCodec.LENGTH - 1))
                .isEqualTo(Codec.DOES_NOT_FIT);
        assertThat(buffer.getByte(OFFSET)).isEqualTo(UNTOUCHED);
        for (int length : new int[] {0, 1, QuoteCodec.LENGTH - 1, QuoteCodec.LENGTH + 1}) {
            assertThatThrownBy(() -> codec.decode(buffer, OFFSET, length))
                    .isInstanceOf(CodecException.class)
                    .hasMessage("a quote is 20 bytes, got " + length);
        }
    }

    @Test
    void aCodecExceptionCarriesNoStackTrace() {
        assertThat(new CodecException("bad").getStackTrace()).isEmpty();
    }

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
