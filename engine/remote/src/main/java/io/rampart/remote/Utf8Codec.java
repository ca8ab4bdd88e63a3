package io.rampart.remote;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link Codecs#utf8()}. Encoding is an explicit loop over the string's chars so that it allocates nothing:
 * {@code String.getBytes} and Agrona's {@code putStringWithoutLengthUtf8} (which calls it) allocate an array per
 * call. Decoding validates the bytes first, strictly (RFC 3629), because the JDK's decoder silently replaces
 * malformed input with U+FFFD and a corrupted message would then reach a handler as a different, valid string.
 */
final class Utf8Codec implements Codec<String> {
    static final Utf8Codec INSTANCE = new Utf8Codec();

    private Utf8Codec() {
    }

    @Override
    public Class<String> type() {
        return String.class;
    }

    @Override
    public int encode(String message, MutableDirectBuffer buffer, int offset, int maxLength) {
        int chars = message.length();
        if (chars > maxLength) {
            return DOES_NOT_FIT; // every char takes at least one byte
        }
        // A char takes at most 3 bytes (a surrogate pair is 2 chars for 4 bytes): count only when that could overflow.
        if (3L * chars > maxLength && encodedLength(message) > maxLength) {
            return DOES_NOT_FIT;
        }
        return encodePrefix(message, buffer, offset, maxLength);
    }

    @Override
    public String decode(DirectBuffer buffer, int offset, int length) {
        validate(buffer, offset, length);
        return length == 0 ? "" : buffer.getStringWithoutLengthUtf8(offset, length);
    }

    /** The number of bytes {@link #encodePrefix} writes for all of {@code s}. */
    static int encodedLength(CharSequence s) {
        int length = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (isPairAt(s, i, n)) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1; // written as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Writes as many whole characters of {@code s} as fit in {@code maxLength} bytes, never part of one, and returns
     * the bytes written. {@link #encode} calls it only when all of {@code s} fits; a FAILURE frame's message uses it
     * to cut a long message short at a character boundary.
     */
    static int encodePrefix(CharSequence s, MutableDirectBuffer buffer, int offset, int maxLength) {
        int at = offset;
        int end = offset + maxLength;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (end - at < 1) {
                    break;
                }
                buffer.putByte(at++, (byte) c);
            } else if (c < 0x800) {
                if (end - at < 2) {
                    break;
                }
                buffer.putByte(at++, (byte) (0xC0 | (c >> 6)));
                buffer.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            } else if (isPairAt(s, i, n)) {
                if (end - at < 4) {
                    break;
                }
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
                buffer.putByte(at++, (byte) (0xF0 | (cp >> 18)));
                buffer.putByte(at++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                if (end - at < 1) {
                    break;
                }
                buffer.putByte(at++, (byte) '?'); // a lone surrogate has no UTF-8 form; the JDK writes '?' too
            } else {
                if (end - at < 3) {
                    break;
                }
                buffer.putByte(at++, (byte) (0xE0 | (c >> 12)));
                buffer.putByte(at++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return at - offset;
    }

    private static boolean isPairAt(CharSequence s, int i, int n) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /**
     * Throws {@link CodecException} unless the {@code length} bytes at {@code offset} are well-formed UTF-8
     * (RFC 3629, table 3-7 of the Unicode standard: the second byte's range depends on the first).
     */
    static void validate(DirectBuffer buffer, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = buffer.getByte(i) & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                if (b == 0xE0) {
                    low = 0xA0; // below is an overlong form
                } else if (b == 0xED) {
                    high = 0x9F; // above is a surrogate, U+D800..U+DFFF
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                if (b == 0xF0) {
                    low = 0x90; // below is an overlong form
                } else if (b == 0xF4) {
                    high = 0x8F; // above is past U+10FFFF
                }
            } else {
                throw malformed("byte 0x" + Integer.toHexString(b) + " cannot start a character", i - offset);
            }
            if (end - i - 1 < more) {
                throw malformed("truncated sequence", i - offset);
            }
            int second = buffer.getByte(i + 1) & 0xFF;
            if (second < low || second > high) {
                throw malformed("byte 0x" + Integer.toHexString(second) + " cannot follow 0x"
                        + Integer.toHexString(b), i + 1 - offset);
            }
            for (int k = 2; k <= more; k++) {
                int next = buffer.getByte(i + k) & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    throw malformed("byte 0x" + Integer.toHexString(next) + " is not a continuation byte",
                            i + k - offset);
                }
            }
            i += more + 1;
        }
    }

    private static CodecException malformed(String what, int at) {
        return new CodecException("malformed UTF-8: " + what + " at byte " + at);
    }
}
