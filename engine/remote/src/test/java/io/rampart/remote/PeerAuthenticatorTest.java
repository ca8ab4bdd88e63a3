package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The HELLO handshake through a reader: accepted from a configured peer with the secret, refused (counted,
 * reported, the session left unauthenticated) for an unknown peer, another receiver, a wrong secret, a timestamp
 * outside the window, and a replayed nonce. The clocks are fields the tests set, so the window's edges are exact.
 */
class PeerAuthenticatorTest {
    static final byte[] SECRET = "correct horse battery staple, 32".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_SECRET = "incorrect horse battery staple!!".getBytes(StandardCharsets.US_ASCII);
    static final int LOCAL = 10;
    static final int PEER = 20;
    static final int STRANGER = 30;
    static final Duration WINDOW = Duration.ofSeconds(30);
    static final long T0 = 1_800_000_000_000L;

    long localNow = T0;
    long peerNow = T0;
    final PeerAuthenticator local = new PeerAuthenticator(LOCAL, SECRET, Set.of(PEER), WINDOW, () -> localNow);
    final RecordingHandler handler = new RecordingHandler();
    final RecordingListener listener = new RecordingListener();
    final WireGroup orders = WireGroup.of("orders", Codecs.utf8(), Codecs.utf8());
    final FrameReader reader = new FrameReader(List.of(orders), local, handler, listener, 1024);
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @Test
    void aConfiguredPeerWithTheSecretIsAcceptedAndItsFramesThen() {
        int length = hello(PEER, SECRET, LOCAL);
        assertThat(reader.read(buffer, 0, length, 1)).isTrue();
        assertThat(handler.events).containsExactly("HELLO session=1 peer=20");
        assertThat(reader.counters().accepted(FrameType.HELLO)).isEqualTo(1);
        assertThat(reader.counters().helloRefused()).isZero();
        assertThat(tellFrom(PEER, 1)).isTrue();
    }

    @Test
    void aWrongSecretIsRefused() {
        assertRefused(hello(PEER, OTHER_SECRET, LOCAL), PEER, HelloRefusal.WRONG_SECRET);
    }

    @Test
    void anUnknownPeerIsRefusedEvenWithTheSecret() {
        assertRefused(hello(STRANGER, SECRET, LOCAL), STRANGER, HelloRefusal.UNKNOWN_PEER);
    }

    @Test
    void aHelloForAnotherNodeIsRefused() {
        assertRefused(hello(PEER, SECRET, LOCAL + 1), PEER, HelloRefusal.WRONG_RECEIVER);
    }

    @Test
    void anyAlteredByteOfTheHelloIsAWrongSecret() {
        int length = hello(PEER, SECRET, LOCAL);
        int payload = FrameHeader.LENGTH;
        // The nonce, the timestamp (one millisecond later: still within the window), the MAC itself.
        for (int at : new int[] {payload + PeerAuthenticator.NONCE_OFFSET + 3,
                payload + PeerAuthenticator.MAC_OFFSET, payload + PeerAuthenticator.MAC_OFFSET + 31}) {
            byte original = buffer.getByte(at);
            buffer.putByte(at, (byte) (original ^ 1));
            assertThat(reader.read(buffer, 0, length, 1)).isFalse();
            buffer.putByte(at, original);
        }
        int timestampAt = payload + PeerAuthenticator.TIMESTAMP_OFFSET;
        buffer.putLong(timestampAt, T0 + 1, ByteOrder.LITTLE_ENDIAN);
        assertThat(reader.read(buffer, 0, length, 1)).isFalse();
        assertThat(reader.counters().helloRefused(HelloRefusal.WRONG_SECRET)).isEqualTo(4);
        // Another claimed sender in the header: the MAC covers the sender too.
        buffer.putLong(timestampAt, T0, ByteOrder.LITTLE_ENDIAN);
        PeerAuthenticator twoPeers = new PeerAuthenticator(LOCAL, SECRET, Set.of(PEER, PEER + 1), WINDOW,
                () -> localNow);
        FrameReader reader2 = new FrameReader(List.of(orders), twoPeers, handler, listener, 1024);
        buffer.putInt(FrameHeader.SENDER_OFFSET, PEER + 1, ByteOrder.LITTLE_ENDIAN);
        assertThat(reader2.read(buffer, 0, length, 1)).isFalse();
        assertThat(reader2.counters().helloRefused(HelloRefusal.WRONG_SECRET)).isEqualTo(1);
        // Restored, the same bytes are accepted: only the alterations were refused.
        buffer.putInt(FrameHeader.SENDER_OFFSET, PEER, ByteOrder.LITTLE_ENDIAN);
        assertThat(reader.read(buffer, 0, length, 1)).isTrue();
        assertThat(handler.events).containsExactly("HELLO session=1 peer=20");
    }

    @Test
    void aTimestampOutsideTheWindowIsStaleOnEitherSideAndItsEdgesAreIn() {
        long window = WINDOW.toMillis();
        peerNow = T0 - window - 1;
        assertRefused(hello(PEER, SECRET, LOCAL), PEER, HelloRefusal.STALE);
        peerNow = T0 + window + 1; // a peer whose clock runs ahead
        assertRefused(hello(PEER, SECRET, LOCAL), PEER, HelloRefusal.STALE);
        assertThat(reader.counters().helloRefused(HelloRefusal.STALE)).isEqualTo(2);

        peerNow = T0 - window;
        assertThat(reader.read(buffer, 0, hello(PEER, SECRET, LOCAL), 1)).isTrue();
        peerNow = T0 + window;
        assertThat(reader.read(buffer, 0, hello(PEER, SECRET, LOCAL), 2)).isTrue();
    }

    @Test
    void aReplayedHelloIsRefusedOnAnotherSessionAndThatSessionStaysUnauthenticated() {
        int length = hello(PEER, SECRET, LOCAL);
        byte[] first = copy(length);
        assertThat(reader.read(buffer, 0, length, 1)).isTrue();
        localNow += 5_000; // within the window
        assertRefused(length, PEER, HelloRefusal.REPLAY, 2); // and a TELL on session 2 is then unauthenticated
        assertThat(tellFrom(PEER, 2)).isFalse();
        assertThat(reader.counters().rejected(Rejection.UNAUTHENTICATED)).isEqualTo(2);
        assertThat(tellFrom(PEER, 1)).as("the session that passed HELLO").isTrue();
        // The same bytes again on the session that first sent them are a replay too.
        hello(PEER, SECRET, LOCAL); // overwrites the buffer
        buffer.putBytes(0, first);
        assertRefused(length, PEER, HelloRefusal.REPLAY, 1);
        assertThat(reader.counters().accepted(FrameType.HELLO)).isEqualTo(1);
    }

    @Test
    void aReplayAfterTheWindowIsStaleAndTheNonceIsForgotten() {
        int length = hello(PEER, SECRET, LOCAL);
        byte[] first = copy(length);
        assertThat(reader.read(buffer, 0, length, 1)).isTrue();
        assertThat(local.remembered()).isEqualTo(1);
        localNow += WINDOW.toMillis() + 1;
        buffer.putBytes(0, first);
        assertRefused(length, PEER, HelloRefusal.STALE, 2);
        // A fresh HELLO now makes the authenticator drop the nonce whose HELLO left the window.
        peerNow = localNow;
        assertThat(reader.read(buffer, 0, hello(PEER, SECRET, LOCAL), 3)).isTrue();
        assertThat(local.remembered()).isEqualTo(1);
    }

    @Test
    void aHelloOfTheWrongSizeIsABadPayloadNotARefusal() {
        int length = hello(PEER, SECRET, LOCAL);
        buffer.putInt(FrameHeader.PAYLOAD_LENGTH_OFFSET, PeerAuthenticator.HELLO_LENGTH - 1, ByteOrder.LITTLE_ENDIAN);
        assertThat(reader.read(buffer, 0, length - 1, 1)).isFalse();
        assertThat(reader.counters().rejected(Rejection.BAD_PAYLOAD)).isEqualTo(1);
        assertThat(reader.counters().helloRefused()).isZero();
        assertThat(reader.peerOf(1)).isEqualTo(-1);
    }

    @Test
    void aSecretTooShortOrBadIdsOrWindowAreRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> new PeerAuthenticator(LOCAL, "short secret".getBytes(StandardCharsets.US_ASCII),
                Set.of(PEER), WINDOW, () -> T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shared secret must be at least 16 bytes, was 12");
        assertThatThrownBy(() -> new PeerAuthenticator(-1, SECRET, Set.of(PEER), WINDOW, () -> T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("node id must be 0 or more, was -1");
        assertThatThrownBy(() -> new PeerAuthenticator(LOCAL, SECRET, Set.of(-5), WINDOW, () -> T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("peer node id must be 0 or more, was -5");
        assertThatThrownBy(() -> new PeerAuthenticator(LOCAL, SECRET, Set.of(PEER), Duration.ZERO, () -> T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("HELLO window must be positive, was PT0S");
    }

    // ---- helpers

    /** Writes at 0 a HELLO from {@code sender} holding {@code secret}, for {@code receiver}, at the peer's clock. */
    private int hello(int sender, byte[] secret, int receiver) {
        PeerAuthenticator theirs = new PeerAuthenticator(sender, secret, Set.of(LOCAL), WINDOW, () -> peerNow);
        return new FrameWriter(sender, 1024).hello(buffer, 0, theirs, receiver);
    }

    private boolean tellFrom(int sender, int session) {
        int length = new FrameWriter(sender, 1024).tell(buffer, 512, orders.id(), false, Codecs.utf8(), "hi");
        return reader.read(buffer, 512, length, session);
    }

    private byte[] copy(int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private void assertRefused(int length, int claimed, HelloRefusal reason) {
        assertRefused(length, claimed, reason, 1);
    }

    /** The HELLO at 0 is refused for {@code reason}: counted, reported, the session unauthenticated, no dispatch. */
    private void assertRefused(int length, int claimed, HelloRefusal reason, int session) {
        long before = reader.counters().helloRefused(reason);
        int dispatched = handler.events.size();
        assertThat(reader.read(buffer, 0, length, session)).as("HELLO refused as %s", reason).isFalse();
        assertThat(reader.counters().helloRefused(reason)).isEqualTo(before + 1);
        assertThat(listener.events).last()
                .isEqualTo("HELLO refused " + reason + " session=" + session + " node=" + claimed);
        assertThat(handler.events).hasSize(dispatched);
        if (reader.peerOf(session) == -1) {
            assertThat(tellFrom(claimed, session)).as("a TELL after a refused HELLO").isFalse();
            assertThat(listener.events).last().isEqualTo("UNAUTHENTICATED session=" + session);
        }
    }
}
