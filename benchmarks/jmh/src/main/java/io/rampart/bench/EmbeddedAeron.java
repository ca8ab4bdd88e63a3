package io.rampart.bench;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The raw Aeron baseline's set-up, shared by {@link AeronPingPong} and {@link AeronTell}: one embedded media driver
 * and one client, configured as {@code engine/remote}'s {@code EmbeddedTransport} configures its own, so that the
 * baseline and Rampart's remote groups run the same driver the same way (issue 14: "the same idle strategy and
 * driver threading mode on both").
 *
 * <ul>
 *   <li>{@link ThreadingMode#SHARED}: one driver thread (conductor, sender and receiver in one duty cycle);</li>
 *   <li>the driver idles with {@link #idle()}, {@code BackoffIdleStrategy(10, 5, 1_000, 1_000_000)}: 10 spins, 5
 *       yields, then parks from 1 µs doubling to 1 ms. Never busy-spin: on 2 cores a spinning driver takes a core
 *       for good;</li>
 *   <li>256 KiB terms ({@link #TERM_LENGTH}), a remote node's ({@code io.rampart.remote.Node}), so that the raw
 *       baselines and {@code RemoteAsk}/{@code RemoteTell} have the same flow-control window, for IPC and for UDP
 *       publications alike, so that the two paths differ only in the path (Aeron's 16 MiB UDP default would also
 *       put three 16 MiB log files per publication and per image in the Aeron directory);</li>
 *   <li>the Aeron directory is a new directory under {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir=/dev/shm}
 *       to keep the log buffers off a disk), deleted on start and on shutdown, and {@link #close()} checks it is
 *       gone.</li>
 * </ul>
 *
 * <p>The client's conductor thread keeps Aeron's default idle strategy (it sleeps 16 ms between duty cycles): it
 * is on no message's path.
 */
final class EmbeddedAeron implements AutoCloseable {
    static final String IPC = "ipc";
    static final String UDP = "udp";
    static final String IPC_CHANNEL = "aeron:ipc";
    /** A subscription's channel on loopback; port 0: the driver binds an ephemeral port, read back after binding. */
    static final String UDP_SUBSCRIPTION_CHANNEL = "aeron:udp?endpoint=127.0.0.1:0";
    /** Aeron's smallest term; every message here is a frame-sized one. */
    static final int TERM_LENGTH = 256 * 1024;
    static final long MAX_SPINS = 10;
    static final long MAX_YIELDS = 5;
    static final long MIN_PARK_NANOS = 1_000;
    static final long MAX_PARK_NANOS = 1_000_000;
    /** How long set-up waits for a publication to connect, and a waiting loop for its peer, before failing. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A waiting loop reads the clock once per this many empty rounds (a power of two), not on every one. */
    static final int CLOCK_CHECK_MASK = 255;

    private final Path directory;
    private final MediaDriver driver;
    private final Aeron aeron;

    private EmbeddedAeron(Path directory, MediaDriver driver, Aeron aeron) {
        this.directory = directory;
        this.driver = driver;
        this.aeron = aeron;
    }

    /** The idle strategy of the driver and of every waiting thread here; a new one per thread (it has state). */
    static BackoffIdleStrategy idle() {
        return new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NANOS, MAX_PARK_NANOS);
    }

    /** Launches a driver in a new directory under {@code java.io.tmpdir} and connects a client to it. */
    static EmbeddedAeron launch() {
        Path directory;
        try {
            directory = Files.createTempDirectory(Paths.get(System.getProperty("java.io.tmpdir")), "rampart-aeron-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make an Aeron directory under java.io.tmpdir", e);
        }
        MediaDriver driver = null;
        Aeron aeron = null;
        try {
            driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(directory.toString())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(idle())
                    .ipcTermBufferLength(TERM_LENGTH)
                    .publicationTermBufferLength(TERM_LENGTH)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            return new EmbeddedAeron(directory, driver, aeron);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            IoUtil.delete(directory.toFile(), true);
            throw e;
        }
    }

    /** A subscription on {@code streamId} over {@code path} ({@value #IPC} or {@value #UDP}) and a publication to it. */
    Link link(String path, int streamId) {
        switch (path) {
            case IPC: {
                Subscription subscription = aeron.addSubscription(IPC_CHANNEL, streamId);
                return new Link(IPC_CHANNEL, aeron.addPublication(IPC_CHANNEL, streamId), subscription);
            }
            case UDP: {
                Subscription subscription = aeron.addSubscription(UDP_SUBSCRIPTION_CHANNEL, streamId);
                String channel = "aeron:udp?endpoint=" + boundEndpoint(subscription);
                return new Link(channel, aeron.addPublication(channel, streamId), subscription);
            }
            default:
                throw new IllegalArgumentException("unknown path " + path + " (" + IPC + ", " + UDP + ")");
        }
    }

    /** The address and port the driver bound a {@code 127.0.0.1:0} subscription to. */
    private static String boundEndpoint(Subscription subscription) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            String endpoint = subscription.resolvedEndpoint();
            if (endpoint != null && !endpoint.endsWith(":0")) {
                return endpoint;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the driver did not report the port it bound for "
                        + subscription.channel() + " within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s");
            }
            sleepOneMillisecond();
        }
    }

    /**
     * Waits until every link's publication and subscription are connected (an offer can then succeed); fails
     * naming the links still unconnected after {@link #TIMEOUT_NANOS}.
     */
    void awaitConnected(Link... links) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            StringBuilder unconnected = new StringBuilder();
            for (Link link : links) {
                if (!link.publication().isConnected() || !link.subscription().isConnected()) {
                    unconnected.append(' ').append(link);
                }
            }
            if (unconnected.length() == 0) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not connected within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS)
                        + " s:" + unconnected + " (Aeron directory " + directory + ")");
            }
            sleepOneMillisecond();
        }
    }

    /**
     * Whether an offer that returned {@code result} (negative) may be retried: {@link Publication#BACK_PRESSURED}
     * and {@link Publication#ADMIN_ACTION} may; {@link Publication#NOT_CONNECTED}, {@link Publication#CLOSED} and
     * {@link Publication#MAX_POSITION_EXCEEDED} throw, naming the code, the path and the message. The message
     * text is made only then, so a retry allocates nothing.
     */
    static void checkRetryable(long result, String path, String what, long sequence) {
        if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION) {
            throw new IllegalStateException(path + ": offer of " + what + " " + sequence + " failed with "
                    + Publication.errorString(result));
        }
    }

    /**
     * Fails if {@code deadline} (a {@link System#nanoTime()}) has passed, naming what was awaited (the message
     * text is made only then).
     */
    static void checkDeadline(long deadline, String path, String waitingFor, long sequence) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(path + ": waited " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS)
                    + " s for " + waitingFor + " " + sequence);
        }
    }

    /** Closes the client and the driver, deletes the Aeron directory, and fails if it is still there. */
    @Override
    public void close() {
        try {
            CloseHelper.closeAll(aeron, driver);
        } finally {
            IoUtil.delete(directory.toFile(), true);
        }
        if (Files.exists(directory)) {
            throw new IllegalStateException("the Aeron directory " + directory + " is still there after close");
        }
    }

    private static void sleepOneMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Aeron", e);
        }
    }

    /** A publication and the subscription it is connected to, on one channel and stream. */
    record Link(String channel, Publication publication, Subscription subscription) {
        /** The longest message that fits one fragment (so no message is split). */
        int maxMessageLength() {
            return Math.min(publication.maxPayloadLength(), publication.maxMessageLength());
        }

        /** Fails unless {@code length} bytes hold a {@code long} sequence and fit in one fragment. */
        void checkMessageLength(int length) {
            if (length < Long.BYTES || length > maxMessageLength()) {
                throw new IllegalArgumentException("messageLength " + length + " must be from " + Long.BYTES + " (the "
                        + "sequence) to " + maxMessageLength() + " (one fragment on " + channel + ")");
            }
        }

        @Override
        public String toString() {
            return channel + " stream " + publication.streamId();
        }
    }
}
