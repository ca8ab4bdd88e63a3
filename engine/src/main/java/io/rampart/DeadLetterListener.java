package io.rampart;

/**
 * Receives every dead letter of an engine. Called on the thread that found the message
 * undeliverable (a consumer, the ask timer, or a sender), so it must be thread-safe and quick;
 * hand slow work to a queue of your own. An exception it throws is logged and swallowed.
 *
 * <pre>{@code
 * Engine.builder().deadLetters(dl -> metrics.counter("dead." + dl.reason()).increment())
 * }</pre>
 */
@FunctionalInterface
public interface DeadLetterListener {
    /** @param deadLetter what could not be delivered, and why */
    void onDeadLetter(DeadLetter deadLetter);
}
