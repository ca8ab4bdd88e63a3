package io.rampart.bench;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import java.util.concurrent.TimeUnit;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
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
 * Raw Aeron ping-pong, the baseline that remote asks are held to (issue 14: "remote ask p99 ≤ 2× the raw Aeron
 * ping-pong on the same path, with the same idle strategy and driver threading mode on both"). Each operation
 * offers one ping (its sequence in the first 8 bytes) and polls the pong stream until the echo arrives, checked
 * against the ping. SampleTime in ns, so JMH reports p50, p99, p99.9.
 *
 * <pre>
 * +-----------+  ping stream 1001  +--------+
 * | JMH thread|-------------------&gt;| ponger |  echoes each ping as it came
 * | (caller)  |&lt;-------------------| thread |
 * +-----------+  pong stream 1002  +--------+
 *        one embedded MediaDriver (SHARED: 1 thread), one Aeron client
 * </pre>
 *
 * <p>{@code @Param path}: {@code ipc} ({@code aeron:ipc}, the two streams) or {@code udp}
 * ({@code aeron:udp?endpoint=127.0.0.1:<port>}, one port for pings and one for pongs, each an ephemeral port the
 * driver bound for the subscription, so no port is guessed). Over IPC the driver is on no message's path (it only
 * moves the publications' limits); over UDP its one thread sends and receives every ping and pong.
 * {@code @Param messageLength}: bytes per message, default 40: Rampart's 32-byte frame header and an 8-byte
 * payload (in Aeron's log, with its own 32-byte header and 32-byte alignment, a 96-byte frame).
 *
 * <p>Threads: 3 on this 2-core machine: 1 JMH thread (the caller), the ponger, and the driver's one thread
 * ({@code ThreadingMode.SHARED}: conductor, sender and receiver). Aeron's client conductor thread sleeps 16 ms
 * between duty cycles and carries no message. Idle strategy: the caller waiting for its pong, the ponger waiting
 * for a ping (or retrying a back-pressured pong), and the driver all idle with
 * {@code BackoffIdleStrategy(10, 5, 1_000, 1_000_000)} (10 spins, 5 yields, then parks from 1 µs doubling to 1 ms;
 * {@link EmbeddedAeron#idle()}, the driver's strategy in {@code engine/remote}'s {@code EmbeddedTransport}): that
 * is the "same idle strategy" of the target. No thread busy-spins: 3 spinning threads on 2 cores would measure the
 * scheduler. Publications are concurrent ones ({@code addPublication}), as {@code EmbeddedTransport}'s.
 *
 * <p>An offer that returns {@code BACK_PRESSURED} or {@code ADMIN_ACTION} is retried after an idle; any other
 * failure ({@code NOT_CONNECTED}, {@code CLOSED}, {@code MAX_POSITION_EXCEEDED}) fails the benchmark, as does a
 * missing, duplicated or wrong echo, a ponger that failed, or a wait over 10 s. Set-up waits (at most 10 s) until
 * both publications are connected. The measured loop allocates nothing: the ping is a preallocated buffer, the
 * handlers are fields.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class AeronPingPong {
    static final int PING_STREAM = 1001;
    static final int PONG_STREAM = 1002;
    /** Fragments per poll, as Aeron's samples; one is ever waiting here. */
    static final int FRAGMENT_LIMIT = 10;

    /** {@code ipc} or {@code udp} (loopback). */
    @Param({EmbeddedAeron.IPC, EmbeddedAeron.UDP})
    public String path;

    /** Bytes per ping and pong: Rampart's 32-byte frame header plus an 8-byte payload. */
    @Param({"40"})
    public int messageLength;

    private EmbeddedAeron aeron;
    private Publication pings;
    private Subscription pongs;
    private UnsafeBuffer ping;
    private BackoffIdleStrategy idle;
    private final PongHandler pongHandler = new PongHandler();
    private Ponger ponger;
    private long sequence;

    @Setup(Level.Trial)
    public void start() {
        aeron = EmbeddedAeron.launch();
        try {
            EmbeddedAeron.Link pingLink = aeron.link(path, PING_STREAM);
            EmbeddedAeron.Link pongLink = aeron.link(path, PONG_STREAM);
            pingLink.checkMessageLength(messageLength);
            pongLink.checkMessageLength(messageLength);
            aeron.awaitConnected(pingLink, pongLink);
            pings = pingLink.publication();
            pongs = pongLink.subscription();
            ping = new UnsafeBuffer(BufferUtil.allocateDirectAligned(messageLength, Long.BYTES));
            idle = EmbeddedAeron.idle();
            sequence = 0;
            ponger = new Ponger(pingLink.subscription(), pongLink.publication());
            ponger.thread.start();
        } catch (RuntimeException e) {
            aeron.close();
            throw e;
        }
    }

    /** One checked round trip: offer a ping, poll until its pong arrives; returns the sequence. */
    @Benchmark
    public long pingPong() {
        long seq = ++sequence;
        ping.putLong(0, seq);
        long result = pings.offer(ping, 0, messageLength);
        if (result < 0) {
            offerAgain(result);
        }
        idle.reset();
        int fragments;
        int empty = 0;
        long deadline = 0;
        while ((fragments = pongs.poll(pongHandler, FRAGMENT_LIMIT)) == 0) {
            if ((++empty & EmbeddedAeron.CLOCK_CHECK_MASK) == 0) {
                deadline = checkPonger(deadline, "the pong of ping", seq);
            }
            idle.idle();
        }
        if (fragments != 1 || pongHandler.received != seq) {
            throw new IllegalStateException(path + ": ping " + seq + " got " + fragments + " pong(s), the last "
                    + pongHandler.received + " of " + pongHandler.length + " bytes");
        }
        return seq;
    }

    /** The slow path of an offer: idle and retry while back-pressured. */
    private void offerAgain(long result) {
        idle.reset();
        long deadline = 0;
        int rounds = 0;
        do {
            EmbeddedAeron.checkRetryable(result, path, "ping", sequence);
            if ((++rounds & EmbeddedAeron.CLOCK_CHECK_MASK) == 0) {
                deadline = checkPonger(deadline, "room for ping", sequence);
            }
            idle.idle();
            result = pings.offer(ping, 0, messageLength);
        } while (result < 0);
    }

    /** Fails if the ponger failed or (on a later call) the wait's 10 s are up; returns the wait's deadline. */
    private long checkPonger(long deadline, String waitingFor, long seq) {
        ponger.checkNoFailure();
        if (deadline == 0) {
            return System.nanoTime() + EmbeddedAeron.TIMEOUT_NANOS;
        }
        EmbeddedAeron.checkDeadline(deadline, path, waitingFor, seq);
        return deadline;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        try {
            if (ponger != null) {
                ponger.stop();
            }
        } finally {
            aeron.close();
        }
    }

    /** Keeps the sequence and length of the last pong; a field, so a poll allocates no lambda. */
    private static final class PongHandler implements FragmentHandler {
        long received;
        int length;

        @Override
        public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            this.received = buffer.getLong(offset);
            this.length = length;
        }
    }

    /** The echo thread: polls the pings and offers each back as it came, on the pong publication. */
    private static final class Ponger implements FragmentHandler, Runnable {
        private final Subscription pings;
        private final Publication pongs;
        private final BackoffIdleStrategy idle = EmbeddedAeron.idle();
        final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        Ponger(Subscription pings, Publication pongs) {
            this.pings = pings;
            this.pongs = pongs;
            this.thread = new Thread(this, "aeron-ponger");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    idle.idle(pings.poll(this, FRAGMENT_LIMIT));
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        @Override
        public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            long result;
            while ((result = pongs.offer(buffer, offset, length)) < 0) {
                EmbeddedAeron.checkRetryable(result, "ponger", "pong", buffer.getLong(offset));
                if (!running) {
                    return;
                }
                idle.idle();
            }
            idle.reset();
        }

        void checkNoFailure() {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("the ponger failed", t);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.NANOSECONDS.toMillis(EmbeddedAeron.TIMEOUT_NANOS));
            if (thread.isAlive()) {
                throw new IllegalStateException("the ponger did not stop within 10 s");
            }
            checkNoFailure();
        }
    }
}
