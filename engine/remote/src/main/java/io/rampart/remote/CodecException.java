package io.rampart.remote;

/**
 * Thrown by {@link Codec#decode} when the received bytes are not a valid message: too short or too long for a
 * fixed layout, malformed UTF-8, a field out of range. The frame that carried them is refused as
 * {@link Rejection#BAD_PAYLOAD} and counted; the exception never leaves the node's reader.
 *
 * <p>It carries no stack trace: it reports bad input from the wire, where the interesting part is the message, and a
 * peer that keeps sending bad payloads should not cost a stack walk each.
 */
public class CodecException extends RuntimeException {

    /**
     * A bad payload, described by {@code message}.
     *
     * @param message what is wrong with the bytes (no secret or payload content beyond what helps to diagnose)
     */
    public CodecException(String message) {
        super(message, null, false, false);
    }

    /**
     * A bad payload found through another exception.
     *
     * @param message what is wrong with the bytes
     * @param cause   the exception that found it
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
