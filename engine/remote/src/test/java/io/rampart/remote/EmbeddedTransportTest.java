package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aeron.ExclusivePublication;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames through a real embedded media driver (IPC): a HELLO and a TELL written by one side are read and validated
 * by the other, a malformed frame in between is refused without harm, a stranger's publication on the same
 * stream is refused and never dispatched, and a session whose publication closed is forgotten, so that a later
 * publication reusing its id must say HELLO again. The Aeron directory is gone after close.
 */
class EmbeddedTransportTest {
    private static final int STREAM = 1001;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path parent;

    long now = 1_800_000_000_000L;
    final PeerAuthenticator local = new PeerAuthenticator(FrameReaderTest.LOCAL, FrameReaderTest.SECRET,
            Set.of(FrameReaderTest.PEER), Duration.ofSeconds(30), () -> now);
    final PeerAuthenticator remote = new PeerAuthenticator(FrameReaderTest.PEER, FrameReaderTest.SECRET,
            Set.of(FrameReaderTest.LOCAL), Duration.ofSeconds(30), () -> now);
    final WireGroup orders = WireGroup.of("orders", Codecs.utf8(), Codecs.utf8());
    final RecordingHandler handler = new RecordingHandler();
    final RecordingListener listener = new RecordingListener();
    final FrameReader reader = new FrameReader(List.of(orders), local, handler, listener, 4096);
    final FrameWriter writer = new FrameWriter(FrameReaderTest.PEER, 4096);
    final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    @Test
    void aTellWrittenByOneSideIsReadAndValidatedByTheOther() {
        Path aeronDirectory;
        try (EmbeddedTransport transport = launch()) {
            aeronDirectory = transport.directory();
            assertThat(aeronDirectory).startsWith(parent).isDirectory();
            await().atMost(PATIENCE).until(transport::isConnected);

            send(transport, writer.hello(buffer, 0, remote, FrameReaderTest.LOCAL));
            send(transport, 7); // the first 7 bytes of the HELLO: SHORT
            send(transport, writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "over aeron"));
            // A frame longer than IPC's MTU (1,408 bytes by default) arrives whole, through the assembler.
            send(transport, writer.tell(buffer, 0, orders.id(), true, Codecs.utf8(), "y".repeat(3000)));

            await().atMost(PATIENCE).until(() -> {
                transport.poll(10);
                return handler.events.size() >= 3;
            });
            int session = transport.sessionId();
            assertThat(handler.events).containsExactly(
                    "HELLO session=" + session + " peer=2",
                    "TELL peer=2 group=orders everyone=false over aeron",
                    "TELL peer=2 group=orders everyone=true " + "y".repeat(3000));
            assertThat(reader.counters().rejected(Rejection.SHORT)).isEqualTo(1);
            assertThat(listener.events).containsExactly("SHORT session=" + session);
        }
        assertThat(aeronDirectory).doesNotExist();
    }

    @Test
    void aStrangersPublicationOnTheSameStreamIsRefusedAndNeverDispatched() {
        try (EmbeddedTransport transport = launch();
             ExclusivePublication stranger = transport.aeron().addExclusivePublication(EmbeddedTransport.IPC_CHANNEL,
                     STREAM)) {
            await().atMost(PATIENCE).until(() -> transport.isConnected() && stranger.isConnected());
            // The stranger claims to be the peer, but never proved it on its own session.
            int length = writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "let me in");
            await().atMost(PATIENCE).until(() -> stranger.offer(buffer, 0, length) > 0);
            await().atMost(PATIENCE).until(() -> {
                transport.poll(10);
                return reader.counters().rejected(Rejection.UNAUTHENTICATED) == 1;
            });
            assertThat(handler.events).isEmpty();
            assertThat(listener.events).containsExactly("UNAUTHENTICATED session=" + stranger.sessionId());
            assertThat(stranger.sessionId()).isNotEqualTo(transport.sessionId());
        }
    }

    @Test
    void aSessionWhosePublicationClosedMustSayHelloAgainEvenIfItsIdIsReused() {
        try (EmbeddedTransport transport = launch()) {
            int session;
            try (ExclusivePublication peer = transport.aeron().addExclusivePublication(EmbeddedTransport.IPC_CHANNEL,
                    STREAM)) {
                await().atMost(PATIENCE).until(peer::isConnected);
                session = peer.sessionId();
                int length = writer.hello(buffer, 0, remote, FrameReaderTest.LOCAL);
                await().atMost(PATIENCE).until(() -> peer.offer(buffer, 0, length) > 0);
                await().atMost(PATIENCE).until(() -> {
                    transport.poll(10);
                    return reader.peerOf(session) == FrameReaderTest.PEER;
                });
            }
            // The publication is closed: once the driver lets go of it, its image goes and the session with it.
            await().atMost(PATIENCE).until(() -> {
                transport.poll(10);
                return reader.peerOf(session) == -1;
            });
            // A new publication that picks the same session id has proved nothing.
            try (ExclusivePublication impostor = transport.aeron().addExclusivePublication(
                    EmbeddedTransport.IPC_CHANNEL + "?session-id=" + session, STREAM)) {
                await().atMost(PATIENCE).until(impostor::isConnected);
                assertThat(impostor.sessionId()).isEqualTo(session);
                int length = writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "on a reused session id");
                await().atMost(PATIENCE).until(() -> impostor.offer(buffer, 0, length) > 0);
                await().atMost(PATIENCE).until(() -> {
                    transport.poll(10);
                    return reader.counters().rejected(Rejection.UNAUTHENTICATED) == 1;
                });
            }
            assertThat(handler.events).containsExactly("HELLO session=" + session + " peer=2");
        }
    }

    private EmbeddedTransport launch() {
        return EmbeddedTransport.launch(parent, STREAM,
                (b, offset, length, header) -> reader.read(b, offset, length, header.sessionId()),
                reader::sessionClosed);
    }

    /** Offers the first {@code length} bytes of the buffer until Aeron takes them (not connected or back pressure). */
    private void send(EmbeddedTransport transport, int length) {
        assertThat(length).isPositive();
        await().atMost(PATIENCE).until(() -> transport.offer(buffer, 0, length) > 0);
    }
}
