package io.rampart.bench;

import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.QueueConsumer;
import java.util.function.Consumer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Agrona {@code ManyToOneConcurrentArrayQueue}, one consumer draining in batches.
 *
 * <pre>
 * +-----------+  offer  +==============================+  drain  +----------+
 * | producer  |-------&gt; | ManyToOneConcurrentArrayQueue|-------&gt; | consumer |
 * | thread(s) |         | 2^16                         |         | (count,  |
 * +-----------+         +==============================+         |  idle)   |
 *                                                                +----------+
 * </pre>
 *
 * <p>Threads: one consumer. Wait strategy: the Agrona idle strategy named ({@link AgronaIdles}: yielding, or
 * Agrona's default backoff: spin, yield, then park 1 us..1 ms), of the consumer when the queue is empty and of
 * each producer when it is full; every thread has its own instance, since an idle strategy keeps per-thread
 * state.
 */
final class AgronaQueueTell implements TellSubject {
    private final ManyToOneConcurrentArrayQueue<Object> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final ConsumedCounter consumed = new ConsumedCounter();
    private final String idle;
    private final QueueConsumer consumer;

    /** A queue with its consumer started, every thread idling with the strategy called {@code idle}. */
    AgronaQueueTell(String idle) {
        this.idle = idle;
        ManyToOneConcurrentArrayQueue<Object> q = queue;
        ConsumedCounter counter = consumed;
        IdleStrategy consumerIdle = AgronaIdles.named(idle);
        this.consumer = new QueueConsumer("agrona-consumer", c -> {
            Consumer<Object> count = m -> counter.increment();
            while (c.running()) {
                consumerIdle.idle(q.drain(count));
            }
        }, () -> { });
    }

    @Override
    public Sender sender() {
        ManyToOneConcurrentArrayQueue<Object> q = queue;
        IdleStrategy whenFull = AgronaIdles.named(idle);
        return messages -> {
            for (int i = 0; i < messages; i++) {
                if (!q.offer(MESSAGE)) {
                    do {
                        whenFull.idle();
                    } while (!q.offer(MESSAGE));
                    whenFull.reset();
                }
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
