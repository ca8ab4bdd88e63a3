package io.rampart.bench;

import java.util.concurrent.CompletableFuture;

/**
 * A system measured by {@link AskInFlightBenchmark}: asks to one echo consumer, each answered with its message.
 * Started by its constructor (the trial set-up), stopped by {@link #close()} (the tear-down).
 */
interface AskInFlightSubject {
    /** Sends one ask and returns at once; the future completes with the consumer's reply. */
    CompletableFuture<?> ask(Object message);

    /** Stops the system and joins its threads; fails if anything was lost. */
    void close() throws Exception;
}
