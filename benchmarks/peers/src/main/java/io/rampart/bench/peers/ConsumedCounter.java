package io.rampart.bench.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A message count written by exactly one consumer thread and read by the benchmark thread.
 *
 * <p>Single-writer, so an increment is a plain read and a release store: no atomic read-modify-write on the
 * consumer's hot path (which would cost the fastest peers a measurable share of their time). Padded on both
 * sides so that the counter does not share a cache line with a neighbour another thread writes.
 */
public final class ConsumedCounter {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(ConsumedCounter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private long count;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

    /** Counts one message; call only from the owning consumer thread. */
    public void increment() {
        COUNT.setRelease(this, (long) COUNT.get(this) + 1);
    }

    /** The count as last published by the consumer; any thread. */
    public long get() {
        return (long) COUNT.getAcquire(this);
    }

    /** Starts a new batch; call only while the consumer is idle (between benchmark invocations). */
    public void reset() {
        COUNT.setVolatile(this, 0L);
    }
}
