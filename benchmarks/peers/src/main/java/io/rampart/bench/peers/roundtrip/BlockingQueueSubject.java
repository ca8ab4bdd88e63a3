package io.rampart.bench.peers.roundtrip;

import io.rampart.bench.peers.QueueConsumer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ping-pong over two {@code ArrayBlockingQueue}s: the caller puts a request, a consumer thread takes it and
 * puts the reply on the second queue, which the caller takes.
 *
 * <pre>
 * caller --put--&gt; [requests ABQ] --take--&gt; echo thread --put--&gt; [replies ABQ] --poll--&gt; caller
 * </pre>
 */
public final class BlockingQueueSubject implements LatencySubject {
    private static final long TIMEOUT_SECONDS = 5;
    private static final int CAPACITY = 1024;
    /** Ends the echo loop; a payload can never be this object. */
    private static final Object STOP = new Object();

    private final ArrayBlockingQueue<Object> requests = new ArrayBlockingQueue<>(CAPACITY);
    private final ArrayBlockingQueue<Object> replies = new ArrayBlockingQueue<>(CAPACITY);
    private QueueConsumer echo;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    @Override
    public String name() {
        return "abq-pingpong";
    }

    @Override
    public void start() {
        echo = new QueueConsumer("abq-echo", c -> {
            Object request;
            while ((request = requests.take()) != STOP) {
                if (stamp) {
                    dequeued = System.nanoTime();
                }
                replies.put(request);
            }
        }, () -> requests.offer(STOP));
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        requests.put(payload);
        Object reply = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (reply == null) {
            echo.checkNoFailure();
            throw new TimeoutException("no reply within " + TIMEOUT_SECONDS + " s");
        }
        return (Long) reply;
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
        if (echo != null) {
            echo.close();
        }
    }
}
