package io.rampart.bench.peers.roundtrip;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.rampart.bench.peers.DisruptorWaits;
import io.rampart.bench.peers.LongEvent;
import io.rampart.bench.peers.ProcessorThread;

/**
 * Raw Disruptor ping-pong over two single-producer rings, in the shape of Disruptor's
 * {@code PingPongSequencedLatencyTest} but with the caller itself as the pinger.
 *
 * <pre>
 * +--------+  publish   +===========+  waitFor  +-----------------+
 * | caller |----------&gt; | ping ring |&lt;----------| ponger          |
 * |        |            +===========+           | (BatchEvent-    |
 * |        |  waitFor   +===========+  publish  |  Processor)     |
 * |        |&lt;---------- | pong ring |&lt;----------|                 |
 * +--------+  (caller's +===========+           +-----------------+
 *              barrier and gating sequence)
 * </pre>
 *
 * <p>Threads: 2 (caller, ponger). Both rings use the same wait strategy, so with "yielding" both threads
 * spin-then-yield while waiting: the whole machine on 2 cores. If the ponger fails, the caller's barrier is
 * alerted so the caller fails instead of waiting forever.
 */
public final class DisruptorSubject implements LatencySubject {
    private static final int RING_SIZE = 1024;

    private final String waitStrategy;
    private RingBuffer<LongEvent> ping;
    private RingBuffer<LongEvent> pong;
    private SequenceBarrier replies;
    private final Sequence read = new Sequence();
    private ProcessorThread ponger;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    /** A ping-pong whose rings use the Disruptor wait strategy named {@code waitStrategy}. */
    public DisruptorSubject(String waitStrategy) {
        this.waitStrategy = waitStrategy;
    }

    @Override
    public String name() {
        return "disruptor-" + waitStrategy;
    }

    @Override
    public void start() {
        ping = RingBuffer.createSingleProducer(LongEvent.FACTORY, RING_SIZE, DisruptorWaits.named(waitStrategy));
        pong = RingBuffer.createSingleProducer(LongEvent.FACTORY, RING_SIZE, DisruptorWaits.named(waitStrategy));
        pong.addGatingSequences(read);
        replies = pong.newBarrier();
        RingBuffer<LongEvent> out = pong;
        boolean stamping = stamp;
        ponger = ProcessorThread.start(ping, (event, sequence, endOfBatch) -> {
            if (stamping) {
                dequeued = System.nanoTime();
            }
            long next = out.next();
            out.get(next).value = event.value;
            out.publish(next);
        }, "disruptor-ponger", replies::alert);
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        long request = ping.next();
        ping.get(request).value = payload;
        ping.publish(request);
        long expected = read.get() + 1;
        try {
            replies.waitFor(expected);
        } catch (com.lmax.disruptor.AlertException e) {
            ponger.checkNoFailure();
            throw e;
        }
        long echoed = pong.get(expected).value;
        read.set(expected);
        return echoed;
    }

    @Override
    public void stampDequeues() {
        stamp = true;
    }

    @Override
    public long lastDequeueNanos() {
        return dequeued;
    }

    @Override
    public void close() throws InterruptedException {
        if (ponger != null) {
            ponger.close();
        }
    }
}
