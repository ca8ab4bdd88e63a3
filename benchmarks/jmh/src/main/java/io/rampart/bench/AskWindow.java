package io.rampart.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The unit of work of the many-in-flight ask benchmarks: {@link #SIZE} asks sent back to back by one caller,
 * then awaited in order, each reply checked.
 *
 * <p>The futures live in an array allocated once, so the only allocation per ask is what the system under test
 * makes. A reply that is not the very message sent (the echo handlers answer with their message), a failed ask
 * or a missing reply fails the benchmark.
 */
public final class AskWindow {
    /** Asks in flight per window; the {@code @OperationsPerInvocation} of the in-flight ask benchmarks. */
    public static final int SIZE = 256;
    /** How long the caller waits for one reply before declaring the system broken. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[SIZE];
    private long asks;
    private long replies;

    /** Records the {@code i}-th ask of the current window. */
    public void sent(int i, CompletableFuture<?> answer) {
        inFlight[i] = answer;
        asks++;
    }

    /** Waits for every ask of the window and checks that each answered with {@code expected} itself. */
    public void awaitAll(Object expected, String what) throws Exception {
        for (int i = 0; i < SIZE; i++) {
            Object reply = inFlight[i].get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply != expected) {
                throw new IllegalStateException(what + ": ask answered with " + reply + ", expected " + expected);
            }
            inFlight[i] = null;
            replies++;
        }
    }

    /** Throws unless every ask sent got its reply; call at tear-down. */
    public void checkComplete(String what) {
        if (asks != replies) {
            throw new IllegalStateException(what + ": " + asks + " asks but " + replies + " replies");
        }
    }
}
