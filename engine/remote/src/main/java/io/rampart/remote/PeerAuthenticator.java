package io.rampart.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Both halves of the HELLO handshake, so that what is signed and what is checked are written in one place: a node
 * writes a HELLO with {@link #writeHello} and checks a peer's with {@link #check}.
 *
 * <p>The HELLO payload, little-endian, 64 bytes:
 * <pre>
 * offset  size  field
 *      0     4  receiver    the node id the HELLO is meant for
 *      4     4  (reserved, 0)
 *      8    16  nonce       random, from SecureRandom
 *     24     8  timestamp   the sender's clock, epoch milliseconds
 *     32    32  mac         HMAC-SHA256 under the shared secret of
 *                           sender (4) | receiver (4) | nonce (16) | timestamp (8), little-endian
 * </pre>
 * The sender's id is the frame header's. The receiver's id is signed as well so that a HELLO captured on its way to
 * one node cannot be replayed to another node that shares the secret.
 *
 * <p>{@link #check} accepts a HELLO only from a configured peer, addressed to this node, with the right MAC (compared
 * in constant time, {@link MessageDigest#isEqual}), a timestamp within the window of this node's clock (either side:
 * a sender's clock may run ahead), and a nonce not already accepted from that peer. Accepted nonces are remembered
 * for as long as their timestamp is within the window; an older HELLO is refused as stale anyway, so that is enough
 * to refuse every replay, provided the clock does not step back by more than the window.
 *
 * <p>What this proves: that the sender held the shared secret when it wrote the HELLO. Every peer holds the same
 * secret, so any of them can claim any configured node id, and frames after the HELLO are not signed: this keeps
 * strangers out; it is not protection against a peer that holds the secret, nor against an attacker on the path.
 *
 * <p>Not thread-safe per half: {@link #writeHello} from one thread at a time, {@link #check} from the reader's
 * thread. The two halves share nothing mutable, so they may run at once.
 */
final class PeerAuthenticator {
    static final int HELLO_LENGTH = 64;
    static final int MIN_SECRET_LENGTH = 16;

    static final int RECEIVER_OFFSET = 0;
    static final int NONCE_OFFSET = 8;
    static final int TIMESTAMP_OFFSET = 24;
    static final int MAC_OFFSET = 32;
    static final int NONCE_LENGTH = 16;
    static final int MAC_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    /** sender, receiver, nonce, timestamp. */
    private static final int SIGNED_LENGTH = 4 + 4 + NONCE_LENGTH + 8;

    private final int localNode;
    private final Set<Integer> peers;
    private final long windowMillis;
    private final LongSupplier epochMillis;

    // writeHello's state
    private final Mac signer;
    private final SecureRandom random = new SecureRandom();
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private final ByteBuffer signed = ByteBuffer.allocate(SIGNED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);

    // check's state
    private final Mac verifier;
    private final byte[] receivedNonce = new byte[NONCE_LENGTH];
    private final byte[] receivedMac = new byte[MAC_LENGTH];
    private final ByteBuffer verified = ByteBuffer.allocate(SIGNED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    /** Accepted nonces, with the timestamp of their HELLO, until that timestamp leaves the window. */
    private final Map<Nonce, Long> seen = new HashMap<>();

    /**
     * @param localNode    this node's id, 0 or more
     * @param sharedSecret the secret every configured peer holds, at least {@link #MIN_SECRET_LENGTH} bytes (copied)
     * @param peers        the node ids allowed to connect
     * @param window       how far a HELLO's timestamp may be from this node's clock, either way
     * @param epochMillis  this node's clock, epoch milliseconds (injected so that tests are exact)
     */
    PeerAuthenticator(int localNode, byte[] sharedSecret, Set<Integer> peers, Duration window,
                      LongSupplier epochMillis) {
        if (localNode < 0) {
            throw new IllegalArgumentException("node id must be 0 or more, was " + localNode);
        }
        if (sharedSecret.length < MIN_SECRET_LENGTH) {
            // The length only: a secret never goes into a message.
            throw new IllegalArgumentException("shared secret must be at least " + MIN_SECRET_LENGTH
                    + " bytes, was " + sharedSecret.length);
        }
        for (int peer : peers) {
            if (peer < 0) {
                throw new IllegalArgumentException("peer node id must be 0 or more, was " + peer);
            }
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("HELLO window must be positive, was " + window);
        }
        this.localNode = localNode;
        this.peers = Set.copyOf(peers);
        this.windowMillis = window.toMillis();
        this.epochMillis = epochMillis;
        this.signer = newMac(sharedSecret);
        this.verifier = newMac(sharedSecret);
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM)); // SecretKeySpec copies the key
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 (javax.crypto.Mac's javadoc).
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    int localNode() {
        return localNode;
    }

    /**
     * Writes a HELLO payload for {@code receiverNode} at {@code offset}: a fresh nonce, this node's clock, their MAC.
     *
     * @return {@link #HELLO_LENGTH}, the bytes written
     */
    int writeHello(MutableDirectBuffer buffer, int offset, int receiverNode) {
        random.nextBytes(nonce);
        long timestamp = epochMillis.getAsLong();
        signed.clear();
        signed.putInt(localNode).putInt(receiverNode).put(nonce).putLong(timestamp);
        byte[] mac = signer.doFinal(signed.array()); // a HELLO per connection: its allocation does not matter

        buffer.putInt(offset + RECEIVER_OFFSET, receiverNode, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + RECEIVER_OFFSET + 4, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(offset + NONCE_OFFSET, nonce);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestamp, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(offset + MAC_OFFSET, mac);
        return HELLO_LENGTH;
    }

    /**
     * Checks the {@link #HELLO_LENGTH}-byte HELLO payload at {@code offset}, claimed by node {@code sender}.
     *
     * @return null when the HELLO is accepted (its nonce is then remembered), else why it is refused
     */
    HelloRefusal check(int sender, DirectBuffer buffer, int offset) {
        if (!peers.contains(sender)) {
            return HelloRefusal.UNKNOWN_PEER;
        }
        if (buffer.getInt(offset + RECEIVER_OFFSET, ByteOrder.LITTLE_ENDIAN) != localNode) {
            return HelloRefusal.WRONG_RECEIVER;
        }
        long timestamp = buffer.getLong(offset + TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
        buffer.getBytes(offset + NONCE_OFFSET, receivedNonce);
        buffer.getBytes(offset + MAC_OFFSET, receivedMac);
        verified.clear();
        verified.putInt(sender).putInt(localNode).put(receivedNonce).putLong(timestamp);
        byte[] expected = verifier.doFinal(verified.array());
        if (!MessageDigest.isEqual(expected, receivedMac)) {
            return HelloRefusal.WRONG_SECRET;
        }
        // Only a HELLO with the right MAC gets this far: its timestamp and nonce are the sender's, not noise.
        long now = epochMillis.getAsLong();
        long oldest = now - windowMillis;
        if (timestamp < oldest || timestamp > now + windowMillis) {
            return HelloRefusal.STALE;
        }
        // A nonce whose HELLO left the window can go: that HELLO, sent again, is refused as STALE above.
        seen.values().removeIf(acceptedAt -> acceptedAt < oldest);
        Nonce key = new Nonce(sender, buffer.getLong(offset + NONCE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                buffer.getLong(offset + NONCE_OFFSET + 8, ByteOrder.LITTLE_ENDIAN));
        if (seen.putIfAbsent(key, timestamp) != null) {
            return HelloRefusal.REPLAY;
        }
        return null;
    }

    /** Nonces remembered, for tests: it must not grow past the HELLOs of one window. */
    int remembered() {
        return seen.size();
    }

    private record Nonce(int peer, long high, long low) {
    }
}
