package io.rampart.bench;

import io.rampart.bench.peers.RampartEngines;

/**
 * A system measured by the tell benchmarks: producers hand it messages, its consumers count them.
 *
 * <p>Every tell benchmark has the same body whatever the system ({@link TellBenchmark} and its siblings): send a
 * batch through a {@link Sender}, wait until {@link #consumed()} reaches the running total, check for a failed
 * consumer. An implementation is one system in one configuration, started by its constructor (the benchmark's
 * trial set-up) and stopped by {@link #close()} (its tear-down). Each implementation's javadoc draws its
 * topology and says which threads it runs.
 */
interface TellSubject {
    /**
     * Capacity of every ring and bounded queue: Rampart's slot ring size, so every system has the same room and a
     * batch streams rather than ping-pongs on a full ring.
     */
    int CAPACITY = RampartEngines.RING_SIZE;

    /** The shared message; the measurement is the hand-off, not message allocation. */
    Object MESSAGE = "tick";

    /** Sends messages from one producer thread. */
    @FunctionalInterface
    interface Sender {
        /**
         * Sends from the calling thread until the consumers have {@code messages} more to count (a subject that
         * broadcasts makes {@code messages / consumers} calls, each delivered to every consumer). Returns once
         * sent, not once consumed.
         */
        void send(int messages) throws InterruptedException;
    }

    /**
     * A sender for one producer thread; a benchmark with two producers asks for one each, so a sender may keep
     * per-thread state (an idle strategy, say).
     */
    Sender sender();

    /** Messages the consumers have counted so far, all consumers together; any thread. */
    long consumed();

    /** Throws if a consumer failed; a no-op for systems whose failures surface at {@link #close()}. */
    void checkNoFailure();

    /** Stops the consumers and joins their threads; fails if a message was lost or a consumer failed. */
    void close() throws Exception;
}
