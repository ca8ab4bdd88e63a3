package io.rampart.bench.peers;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@link BatchEventProcessor} on a thread of its own, gating the ring it consumes.
 *
 * <p>Installs an exception handler that records the first failure instead of Disruptor 4's default, which
 * halts the processor and lets the ring fill (the benchmark would then hang instead of failing).
 */
public final class ProcessorThread {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final BatchEventProcessor<LongEvent> processor;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ProcessorThread(RingBuffer<LongEvent> ring, EventHandler<LongEvent> handler, String name,
                            Runnable onFailure) {
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        this.processor.setExceptionHandler(new Recorder(onFailure));
        ring.addGatingSequences(processor.getSequence());
        this.thread = new Thread(processor, name);
        this.thread.setDaemon(true);
    }

    /** Starts a processor consuming {@code ring} with {@code handler} on a new thread named {@code name}. */
    public static ProcessorThread start(RingBuffer<LongEvent> ring, EventHandler<LongEvent> handler, String name) {
        return start(ring, handler, name, () -> { });
    }

    /** As {@link #start(RingBuffer, EventHandler, String)}, running {@code onFailure} after a handler fails. */
    public static ProcessorThread start(RingBuffer<LongEvent> ring, EventHandler<LongEvent> handler, String name,
                                        Runnable onFailure) {
        ProcessorThread consumer = new ProcessorThread(ring, handler, name, onFailure);
        consumer.thread.start();
        return consumer;
    }

    /** Throws if the handler has failed; call it where a failure must not pass unnoticed. */
    public void checkNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(thread.getName() + " failed", t);
        }
    }

    /** Halts the processor, joins its thread and reports any handler failure. */
    public void close() throws InterruptedException {
        processor.halt();
        thread.join(JOIN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within " + JOIN_TIMEOUT);
        }
        checkNoFailure();
    }

    private final class Recorder implements ExceptionHandler<LongEvent> {
        private final Runnable onFailure;

        Recorder(Runnable onFailure) {
            this.onFailure = onFailure;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, LongEvent event) {
            failure.compareAndSet(null, ex);
            onFailure.run();
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            failure.compareAndSet(null, ex);
            onFailure.run();
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            failure.compareAndSet(null, ex);
        }
    }
}
