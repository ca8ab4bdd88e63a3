package io.rampart.bench;

import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.QueueConsumer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * {@code ArrayBlockingQueue} with one consumer thread: the plain JDK hand-off.
 *
 * <pre>
 * +----------+  put   +--------------------+  take  +----------+
 * | producer |------&gt; | ArrayBlockingQueue |------&gt; | consumer |
 * |          |        | 2^16, one lock     |        | (count)  |
 * +----------+        +--------------------+        +----------+
 * </pre>
 *
 * <p>Threads: one consumer. Wait strategy: blocking on both sides ({@code put} parks while full, {@code take}
 * parks while empty). Same capacity as the rings.
 */
final class BlockingQueueTell implements TellSubject {
    private static final Object STOP = "stop";

    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final ConsumedCounter consumed = new ConsumedCounter();
    private final QueueConsumer consumer;

    /** A queue with its consumer started. */
    BlockingQueueTell() {
        ArrayBlockingQueue<Object> q = queue;
        ConsumedCounter counter = consumed;
        this.consumer = new QueueConsumer("abq-consumer", c -> {
            while (q.take() != STOP) {
                counter.increment();
            }
        }, () -> q.offer(STOP));
    }

    @Override
    public Sender sender() {
        ArrayBlockingQueue<Object> q = queue;
        return messages -> {
            for (int i = 0; i < messages; i++) {
                q.put(MESSAGE);
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
