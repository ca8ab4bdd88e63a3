package io.rampart.bench;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.rampart.bench.peers.ConsumedCounter;
import java.util.concurrent.TimeUnit;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw Aeron one-way throughput, the baseline for remote tells: one producer offers messages (a sequence in the
 * first 8 bytes) to a publication, one consumer thread polls the subscription, checks each sequence and counts it.
 * One operation is one <em>accepted</em> offer: an offer that returns {@code BACK_PRESSURED} or
 * {@code ADMIN_ACTION} counts nothing, the producer idles and offers the same message again; any other failure
 * ({@code NOT_CONNECTED}, {@code CLOSED}, {@code MAX_POSITION_EXCEEDED}) fails the benchmark. Throughput, ops/s =
 * messages offered and accepted per second.
 *
 * <pre>
 * +-----------+  offer, stream 1003  +----------+
 * | JMH thread|---------------------&gt;| consumer |  polls, checks each sequence, counts
 * | (producer)|                      | thread   |
 * +-----------+                      +----------+
 *        one embedded MediaDriver (SHARED: 1 thread), one Aeron client
 * </pre>
 *
 * <p><b>Backpressure, measured honestly; the consumer is not assumed to keep up.</b> An Aeron publication runs
 * ahead of its subscriber by at most its window (IPC: half the 256 KiB term; UDP: the receiver window, at most half
 * the term), about 1,360 messages of 40 bytes (96 in the log), and then refuses offers with {@code BACK_PRESSURED}
 * until the consumer (over IPC, and the driver moving the publication's limit; over UDP, the driver sending and
 * receiving) makes room. So the accepted rate over an iteration is the rate the whole path drained, to within one
 * window; whichever thread is slowest sets it. Each iteration's tear-down then waits (at most 10 s) until the
 * consumer counted every accepted message, so no backlog runs into the next iteration, and a lost, duplicated or
 * reordered message fails the run. The secondary result {@code backPressured} (offers refused, per second) shows
 * how often the producer waited: near zero, the producer was the bottleneck; large, the consumer side was.
 *
 * <p>{@code @Param path}: {@code ipc} ({@code aeron:ipc}) or {@code udp} ({@code aeron:udp?endpoint=127.0.0.1:<port>},
 * an ephemeral port the driver bound for the subscription). {@code @Param messageLength}: bytes per message,
 * default 40 (Rampart's 32-byte frame header and an 8-byte payload).
 *
 * <p>Threads: 3 on this 2-core machine: 1 JMH thread (the producer), the consumer, and the driver's one thread
 * ({@code ThreadingMode.SHARED}: conductor, sender and receiver); Aeron's client conductor sleeps 16 ms between
 * duty cycles and carries no message. Idle strategy: the producer on a refused offer, the consumer on an empty
 * poll, and the driver all idle with {@code BackoffIdleStrategy(10, 5, 1_000, 1_000_000)} (10 spins, 5 yields,
 * then parks from 1 µs doubling to 1 ms; {@link EmbeddedAeron#idle()}, as {@code engine/remote}'s
 * {@code EmbeddedTransport} idles its driver). No thread busy-spins. The measured loop allocates nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class AeronTell {
    static final int STREAM = 1003;
    /** Fragments per poll of the consumer: a batch, as a throughput consumer polls. */
    static final int FRAGMENT_LIMIT = 256;

    /** {@code ipc} or {@code udp} (loopback). */
    @Param({EmbeddedAeron.IPC, EmbeddedAeron.UDP})
    public String path;

    /** Bytes per message: Rampart's 32-byte frame header plus an 8-byte payload. */
    @Param({"40"})
    public int messageLength;

    private EmbeddedAeron aeron;
    private Publication publication;
    private UnsafeBuffer message;
    private BackoffIdleStrategy idle;
    private Consumer consumer;
    /** Offers accepted so far in this trial; the next message's sequence. */
    private long accepted;

    /** Offers refused with BACK_PRESSURED or ADMIN_ACTION, reported per second beside the accepted ones. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Refused {
        public long backPressured;

        @Setup(Level.Iteration)
        public void clear() {
            backPressured = 0;
        }
    }

    @Setup(Level.Trial)
    public void start() {
        aeron = EmbeddedAeron.launch();
        try {
            EmbeddedAeron.Link link = aeron.link(path, STREAM);
            link.checkMessageLength(messageLength);
            aeron.awaitConnected(link);
            publication = link.publication();
            message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(messageLength, Long.BYTES));
            idle = EmbeddedAeron.idle();
            accepted = 0;
            consumer = new Consumer(link.subscription(), path);
            consumer.thread.start();
        } catch (RuntimeException e) {
            aeron.close();
            throw e;
        }
    }

    /** One accepted offer; a refused one is retried after an idle and counted in {@code refused}. */
    @Benchmark
    public long tell(Refused refused) {
        message.putLong(0, accepted);
        long result = publication.offer(message, 0, messageLength);
        if (result < 0) {
            result = offerAgain(result, refused);
        }
        accepted++;
        return result;
    }

    /** The slow path of an offer: idle and retry while back-pressured; returns the accepted offer's position. */
    private long offerAgain(long result, Refused refused) {
        idle.reset();
        long deadline = 0;
        int rounds = 0;
        do {
            EmbeddedAeron.checkRetryable(result, path, "message", accepted);
            refused.backPressured++;
            if ((++rounds & EmbeddedAeron.CLOCK_CHECK_MASK) == 0) {
                consumer.checkNoFailure();
                if (deadline == 0) {
                    deadline = System.nanoTime() + EmbeddedAeron.TIMEOUT_NANOS;
                } else {
                    EmbeddedAeron.checkDeadline(deadline, path, "room for message", accepted);
                }
            }
            idle.idle();
            result = publication.offer(message, 0, messageLength);
        } while (result < 0);
        return result;
    }

    /** Waits until the consumer counted every accepted message, so no backlog is left for the next iteration. */
    @TearDown(Level.Iteration)
    public void drain() {
        long deadline = System.nanoTime() + EmbeddedAeron.TIMEOUT_NANOS;
        long counted;
        while ((counted = consumer.counted.get()) < accepted) {
            consumer.checkNoFailure();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(path + ": the consumer counted " + counted + " of " + accepted
                        + " accepted messages within 10 s (lost messages?)");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        consumer.checkNoFailure();
        if (counted != accepted) {
            throw new IllegalStateException(path + ": the consumer counted " + counted + " messages, "
                    + accepted + " were accepted");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        try {
            if (consumer != null) {
                consumer.stop();
            }
        } finally {
            aeron.close();
        }
    }

    /** The consumer thread: polls, checks that each message carries the next sequence, counts it. */
    private static final class Consumer implements FragmentHandler, Runnable {
        private final Subscription subscription;
        private final String path;
        private final BackoffIdleStrategy idle = EmbeddedAeron.idle();
        final ConsumedCounter counted = new ConsumedCounter();
        final Thread thread;
        private long expected;
        private volatile boolean running = true;
        private volatile Throwable failure;

        Consumer(Subscription subscription, String path) {
            this.subscription = subscription;
            this.path = path;
            this.thread = new Thread(this, "aeron-consumer");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    idle.idle(subscription.poll(this, FRAGMENT_LIMIT));
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        @Override
        public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            long sequence = buffer.getLong(offset);
            if (sequence != expected) {
                throw new IllegalStateException(path + ": message " + sequence + " arrived where " + expected
                        + " was due");
            }
            expected++;
            counted.increment();
        }

        void checkNoFailure() {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("the consumer failed", t);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.NANOSECONDS.toMillis(EmbeddedAeron.TIMEOUT_NANOS));
            if (thread.isAlive()) {
                throw new IllegalStateException("the consumer did not stop within 10 s");
            }
            checkNoFailure();
        }
    }
}
