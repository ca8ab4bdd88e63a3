package io.rampart.bench;

import com.lmax.disruptor.RingBuffer;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.DisruptorWaits;
import io.rampart.bench.peers.LongEvent;
import io.rampart.bench.peers.ProcessorThread;

/**
 * Raw Disruptor 4: producers claim and publish on one ring, one {@code BatchEventProcessor} counts each event.
 *
 * <pre>
 * +-----------+  next/publish  +=========+  waitFor  +-----------------------+
 * | producer  |---------------&gt;| ring    |&lt;----------| BatchEventProcessor   |
 * | thread(s) |                | 2^16    |           | (1 thread, counts     |
 * +-----------+                +=========+           |  each event)          |
 *                                   ^  gating seq     +-----------------------+
 *                                   +-------------------------|
 * </pre>
 *
 * <p>Threads: one consumer. Wait strategy of the consumer (and of a producer on a full ring): the one named
 * ({@link DisruptorWaits}: yielding, sleeping, phasedLite, liteBlocking, blocking; busySpin only on request). Ring {@code single} is the
 * single-producer sequencer, the upper bound for any per-slot ring; {@code multi} is the multi-producer
 * sequencer, whose claim is an atomic update of the shared cursor: the one to use with several producers, and
 * with one producer the naive design the slot ring is measured against.
 */
final class DisruptorTell implements TellSubject {
    private final RingBuffer<LongEvent> ring;
    private final ConsumedCounter consumed = new ConsumedCounter();
    private final ProcessorThread consumer;

    /** A ring ({@code "single"} or {@code "multi"} producer) with its consumer started. */
    DisruptorTell(String ringType, String waitStrategy) {
        this.ring = switch (ringType) {
            case "single" -> RingBuffer.createSingleProducer(LongEvent.FACTORY, CAPACITY,
                    DisruptorWaits.named(waitStrategy));
            case "multi" -> RingBuffer.createMultiProducer(LongEvent.FACTORY, CAPACITY,
                    DisruptorWaits.named(waitStrategy));
            default -> throw new IllegalArgumentException("unknown ring " + ringType + " (single, multi)");
        };
        ConsumedCounter counter = consumed;
        this.consumer = ProcessorThread.start(ring, (event, sequence, endOfBatch) -> counter.increment(),
                "disruptor-consumer");
    }

    @Override
    public Sender sender() {
        RingBuffer<LongEvent> rb = ring;
        return messages -> {
            for (int i = 0; i < messages; i++) {
                long sequence = rb.next();
                rb.get(sequence).value = i;
                rb.publish(sequence);
            }
        };
    }

    @Override
    public long consumed() {
        return consumed.get();
    }

    @Override
    public void checkNoFailure() {
        consumer.checkNoFailure();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.close();
    }
}
