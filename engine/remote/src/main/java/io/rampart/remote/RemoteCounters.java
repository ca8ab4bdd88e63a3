package io.rampart.remote;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a node's reader received: frames accepted per {@link FrameType}, frames refused per {@link Rejection}, HELLOs
 * refused per {@link HelloRefusal}, and handler errors. Plain counts, readable from any thread at any time; each
 * only grows.
 *
 * <p>One thread writes them: the one that reads the wire (Aeron polls a subscription from one thread). So an
 * increment is a plain read and a release store, not an atomic read-modify-write, and a reader on another thread
 * sees every count it reads as it was at some recent moment.
 */
public final class RemoteCounters {
    private final AtomicLongArray accepted = new AtomicLongArray(FrameType.values().length);
    private final AtomicLongArray rejected = new AtomicLongArray(Rejection.values().length);
    private final AtomicLongArray helloRefused = new AtomicLongArray(HelloRefusal.values().length);
    private final AtomicLongArray handlerErrors = new AtomicLongArray(1);

    /** Counters at zero, for one reader. */
    public RemoteCounters() {
    }

    /**
     * Frames of {@code type} that passed every check and were dispatched.
     *
     * @param type the frame type
     * @return how many
     */
    public long accepted(FrameType type) {
        return accepted.get(type.ordinal());
    }

    /**
     * Frames refused for {@code reason}.
     *
     * @param reason the reason
     * @return how many
     */
    public long rejected(Rejection reason) {
        return rejected.get(reason.ordinal());
    }

    /**
     * Frames refused for any {@link Rejection}.
     *
     * @return how many, over every reason
     */
    public long rejected() {
        return sum(rejected);
    }

    /**
     * Well-formed HELLOs refused for {@code reason}.
     *
     * @param reason the reason
     * @return how many
     */
    public long helloRefused(HelloRefusal reason) {
        return helloRefused.get(reason.ordinal());
    }

    /**
     * Well-formed HELLOs refused for any reason.
     *
     * @return how many, over every reason
     */
    public long helloRefused() {
        return sum(helloRefused);
    }

    /**
     * Accepted frames whose dispatch threw (the frame was valid; the code it was handed to failed).
     *
     * @return how many
     */
    public long handlerErrors() {
        return handlerErrors.get(0);
    }

    /**
     * The non-zero counts, for a log line: {@code accepted{TELL=3} rejected{SHORT=1} helloRefused{} handlerErrors=0}.
     *
     * @return the counts
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("accepted{");
        append(s, accepted, FrameType.values());
        s.append("} rejected{");
        append(s, rejected, Rejection.values());
        s.append("} helloRefused{");
        append(s, helloRefused, HelloRefusal.values());
        return s.append("} handlerErrors=").append(handlerErrors()).toString();
    }

    void accept(FrameType type) {
        increment(accepted, type.ordinal());
    }

    void reject(Rejection reason) {
        increment(rejected, reason.ordinal());
    }

    void refuse(HelloRefusal reason) {
        increment(helloRefused, reason.ordinal());
    }

    void handlerError() {
        increment(handlerErrors, 0);
    }

    /** The single writer's increment: no lock prefix needed, as no other thread writes. */
    private static void increment(AtomicLongArray counts, int i) {
        counts.setRelease(i, counts.getPlain(i) + 1);
    }

    private static long sum(AtomicLongArray counts) {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    private static void append(StringBuilder s, AtomicLongArray counts, Enum<?>[] names) {
        String separator = "";
        for (int i = 0; i < counts.length(); i++) {
            long count = counts.get(i);
            if (count != 0) {
                s.append(separator).append(names[i].name()).append('=').append(count);
                separator = ", ";
            }
        }
    }
}
