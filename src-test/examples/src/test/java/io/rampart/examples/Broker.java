package io.rampart.examples;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a message broker: a bounded queue of work items, deliveries that must be
 * acknowledged, and a connection that can be lost. Like a real broker it redelivers what was
 * delivered but not acknowledged when the connection drops, so processing is at least once and
 * acknowledgement exactly once.
 */
final class Broker {
    /** Thrown by every call while the connection is down. */
    static final class ConnectionLost extends RuntimeException {
        ConnectionLost() {
            super("broker connection lost", null, false, false);
        }
    }

    private final ArrayBlockingQueue<Integer> ready;
    private final ArrayDeque<Integer> redelivered = new ArrayDeque<>();
    private final Set<Integer> unacked = new HashSet<>();
    private final Map<Integer, AtomicInteger> acks = new ConcurrentHashMap<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger refusedConnects = new AtomicInteger();
    private volatile boolean connected = true;
    private int disconnectAtAcks = -1;

    Broker(int capacity) {
        this.ready = new ArrayBlockingQueue<>(capacity);
    }

    /** Publishes an item, waiting while the queue is full (the bounded source). */
    void publish(int item) throws InterruptedException {
        ready.put(item);
    }

    /** Opens a consumer's connection: what a handler factory calls. */
    void connect() {
        if (!connected) {
            refusedConnects.incrementAndGet();
            throw new ConnectionLost();
        }
        connects.incrementAndGet();
    }

    /**
     * The next delivery, waiting up to {@code millis} for one.
     *
     * @return the item, or null if none came
     * @throws ConnectionLost while disconnected
     */
    Integer poll(long millis) throws InterruptedException {
        Integer item;
        synchronized (this) {
            check();
            item = redelivered.poll();
        }
        if (item == null) {
            item = ready.poll(millis, TimeUnit.MILLISECONDS); // outside the lock: acks go on meanwhile
        }
        if (item == null) {
            return null;
        }
        synchronized (this) {
            if (!connected) {
                redelivered.add(item); // lost between the poll and now: never delivered
                throw new ConnectionLost();
            }
            unacked.add(item);
        }
        return item;
    }

    /** Acknowledges a delivery. Atomic with {@link #disconnect()}: an item is acked or redelivered, not both. */
    synchronized void ack(int item) {
        check();
        if (!unacked.remove(item)) {
            throw new IllegalStateException("item " + item + " was not delivered or was already acknowledged");
        }
        acks.computeIfAbsent(item, i -> new AtomicInteger()).incrementAndGet();
        if (acks.size() == disconnectAtAcks) {
            disconnect();
        }
    }

    /** Drops the connection right after the {@code n}-th acknowledgement: the same point in every run. */
    synchronized void disconnectAfterAcks(int n) {
        disconnectAtAcks = n;
    }

    /** @return true while the connection is down */
    boolean disconnected() {
        return !connected;
    }

    /** Drops the connection: every unacknowledged delivery goes back to be delivered again. */
    synchronized void disconnect() {
        connected = false;
        redelivered.addAll(unacked);
        unacked.clear();
    }

    synchronized void reconnect() {
        connected = true;
    }

    private void check() {
        if (!connected) {
            throw new ConnectionLost();
        }
    }

    /** @return how many times each item was acknowledged */
    Map<Integer, AtomicInteger> acks() {
        return acks;
    }

    int ackCount() {
        return acks.size();
    }

    /** @return connects refused while disconnected (handler factories that failed) */
    int refusedConnects() {
        return refusedConnects.get();
    }
}
