package io.rampart.bench;

import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.QueueConsumer;
import org.agrona.concurrent.IdleStrategy;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;

/**
 * JCTools {@code MpscArrayQueue} (4.0.5), one consumer draining in batches: the same work and the same Agrona idle
 * strategies as {@link AgronaQueueTell}, so the two MPSC array queues differ only in the queue.
 *
 * <pre>
 * +-----------+  offer  +================+  drain  +----------+
 * | producer  |-------&gt; | MpscArrayQueue |-------&gt; | consumer |
 * | thread(s) |         | 2^16           |         | (count,  |
 * +-----------+         +================+         |  idle)   |
 *                                                  +----------+
 * </pre>
 *
 * <p>How JCTools' documentation says to use it: producers call {@code offer}, which fails only when the queue is
 * full ({@code relaxedOffer} may also fail when it is not, per {@code MessagePassingQueue}'s javadoc, so it would
 * need the same retry loop and gain nothing here); the single consumer calls {@code drain(Consumer)}, which hands
 * every element it finds to the consumer without the per-element checks of {@code poll}
 * ({@code MessagePassingQueue#drain}: "semantically similar to" a {@code relaxedPoll} loop).
 *
 * <p>Threads: one consumer. Wait strategy: the Agrona idle strategy named ({@link AgronaIdles}: yielding, or
 * Agrona's default backoff), of the consumer when the queue is empty and of each producer when it is full; every
 * thread has its own instance, as for the Agrona queue.
 */
final class JctoolsQueueTell implements TellSubject {
    private final MpscArrayQueue<Object> queue = new MpscArrayQueue<>(CAPACITY);
    private final ConsumedCounter consumed = new ConsumedCounter();
    private final String idle;
    private final QueueConsumer consumer;

    /** A queue with its consumer started, every thread idling with the Agrona strategy called {@code idle}. */
    JctoolsQueueTell(String idle) {
        this.idle = idle;
        MpscArrayQueue<Object> q = queue;
        ConsumedCounter counter = consumed;
        IdleStrategy consumerIdle = AgronaIdles.named(idle);
        this.consumer = new QueueConsumer("jctools-consumer", c -> {
            MessagePassingQueue.Consumer<Object> count = m -> counter.increment();
            while (c.running()) {
                consumerIdle.idle(q.drain(count));
            }
        }, () -> { });
    }

    @Override
    public Sender sender() {
        MpscArrayQueue<Object> q = queue;
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
