package io.rampart.remote;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;

/**
 * An embedded Aeron media driver with one IPC publication and one subscription on a stream: the smallest transport
 * that carries frames from a writer to a {@link FrameReader}, for tests and for a node that talks to itself.
 *
 * <p>Its driver is a node's ({@link EmbeddedDriver}: one thread, a backoff idle strategy), with 64 KiB IPC terms.
 * The Aeron directory is a new directory under the given parent (the build's {@code target} or
 * {@code java.io.tmpdir}), so two transports never share one; {@link #close()} deletes it.
 *
 * <p>{@link #poll} is for one thread, which is then the reader's thread; {@link #offer} is thread-safe (the
 * publication is a concurrent one). When a publication's image goes away (its publisher closed or timed out), the
 * session is handed to {@code sessionClosed} on the polling thread too, before the next fragments: Aeron reports it
 * on its client conductor's thread, and a reader's session table must change on the reader's thread only. So a
 * session id that authenticated once does not stay authenticated for a later publication that reuses it.
 */
final class EmbeddedTransport implements AutoCloseable {
    static final String IPC_CHANNEL = "aeron:ipc";
    /** The smallest term Aeron allows: this transport carries control-size frames, not bulk data. */
    static final int IPC_TERM_LENGTH = 64 * 1024;

    private final Path directory;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Publication publication;
    private final Subscription subscription;
    /** Reassembles a frame Aeron split into fragments (a frame longer than the MTU) before the handler sees it. */
    private final FragmentAssembler assembler;
    private final IntConsumer sessionClosed;
    /** Sessions whose image went away, from Aeron's conductor thread to the polling thread. Rare: boxing is fine. */
    private final ConcurrentLinkedQueue<Integer> closedSessions;

    private EmbeddedTransport(Path directory, MediaDriver driver, Aeron aeron, Publication publication,
                              Subscription subscription, FragmentHandler frames, IntConsumer sessionClosed,
                              ConcurrentLinkedQueue<Integer> closedSessions) {
        this.directory = directory;
        this.driver = driver;
        this.aeron = aeron;
        this.publication = publication;
        this.subscription = subscription;
        this.assembler = new FragmentAssembler(frames);
        this.sessionClosed = sessionClosed;
        this.closedSessions = closedSessions;
    }

    /**
     * Launches a driver in a new directory under {@code parent}, connects a client, and adds the IPC publication and
     * subscription on {@code streamId}. Each frame received goes whole to {@code frames} from {@link #poll}, and
     * each session whose publication went away to {@code sessionClosed} (a reader's {@code sessionClosed}).
     */
    static EmbeddedTransport launch(Path parent, int streamId, FragmentHandler frames, IntConsumer sessionClosed) {
        Path directory = EmbeddedDriver.newDirectory(parent, "rampart-aeron-");
        MediaDriver driver = null;
        Aeron aeron = null;
        try {
            driver = EmbeddedDriver.launch(directory, IPC_TERM_LENGTH);
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication publication = aeron.addPublication(IPC_CHANNEL, streamId);
            ConcurrentLinkedQueue<Integer> closedSessions = new ConcurrentLinkedQueue<>();
            Subscription subscription = aeron.addSubscription(IPC_CHANNEL, streamId, image -> { },
                    image -> closedSessions.add(image.sessionId()));
            return new EmbeddedTransport(directory, driver, aeron, publication, subscription, frames, sessionClosed,
                    closedSessions);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            IoUtil.delete(directory.toFile(), true);
            throw e;
        }
    }

    /** The Aeron directory: deleted by {@link #close()}. */
    Path directory() {
        return directory;
    }

    /** The client, for a test that needs a second publication (a stranger's). */
    Aeron aeron() {
        return aeron;
    }

    /** The session id frames from this transport's publication arrive with. */
    int sessionId() {
        return publication.sessionId();
    }

    /** Whether the subscription is connected to the publication, so that an offer can succeed. */
    boolean isConnected() {
        return publication.isConnected();
    }

    /**
     * Offers one frame. Aeron does not block: a negative result ({@link Publication#BACK_PRESSURED},
     * {@link Publication#NOT_CONNECTED}, ...) means the frame was not sent, and the caller decides whether to retry.
     *
     * @return the new stream position when sent, else one of Aeron's negative codes
     */
    long offer(DirectBuffer buffer, int offset, int length) {
        return publication.offer(buffer, offset, length);
    }

    /**
     * Hands the sessions that ended since the last poll to {@code sessionClosed}, then up to {@code fragmentLimit}
     * received fragments to the frame handler; returns how many fragments were read.
     */
    int poll(int fragmentLimit) {
        for (Integer session = closedSessions.poll(); session != null; session = closedSessions.poll()) {
            sessionClosed.accept(session);
        }
        return subscription.poll(assembler, fragmentLimit);
    }

    /** Closes the publication, the subscription, the client and the driver, then deletes the Aeron directory. */
    @Override
    public void close() {
        try {
            CloseHelper.closeAll(publication, subscription, aeron, driver);
        } finally {
            IoUtil.delete(directory.toFile(), true);
        }
    }
}
