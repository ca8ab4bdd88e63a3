package io.rampart.remote;

import io.aeron.Publication;
import io.rampart.remote.internal.InFlightAsks;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured peer: the publication this node sends to it on, and what this node knows of it. The wire thread
 * writes the liveness fields; mirror slots (sending) and status readers read them.
 *
 * <h2>Counting tells across a loss</h2>
 * {@link #tellsOffered} only grows, whoever sends. When the peer comes up, the wire thread notes it as the epoch's
 * {@link #epochStart}; the peer's heartbeats then acknowledge the tells it accepted since this node's HELLO, which
 * came before any of them on the same stream. Its acknowledgments are taken only while it is up and only when its
 * heartbeat echoes the tag of a HELLO this node sent since the loss (a heartbeat echoing an older one counts from
 * before the loss), so the count at a loss stays the epoch's last. When the next epoch starts (or now, if the peer is
 * down), the tells of the epoch it never acknowledged are in doubt: offered during the epoch (counted up to the
 * next one, so that a tell a mirror offered just as the peer was lost is not missed) minus acknowledged.
 */
final class Peer implements InFlightAsks.Target {
    final int id;
    final Endpoint endpoint;
    final Publication publication;

    /** Routed to: HELLO accepted by it, heartbeats within the timeout, stream connected. */
    volatile boolean up;
    /** Its last heartbeat said it accepted our latest HELLO. Wire thread. */
    boolean acceptedUs;
    /**
     * The tags of the HELLOs we sent it since it was last lost (the last {@value #HELLO_TAGS}): its heartbeats count
     * our tells from the HELLO whose tag they echo, and only a count from one of these is this epoch's. Any of them
     * will do: every HELLO precedes every tell of the epoch on the stream. Wire thread.
     */
    private final int[] helloTags = new int[HELLO_TAGS];
    private int hellosSent;
    static final int HELLO_TAGS = 16;
    /** The tag of the HELLO of its that we accepted last: our heartbeats to it echo it. Wire thread. */
    int theirHelloTag;
    /** The session its frames arrive on after its HELLO, or 0. Wire thread. */
    int session;
    volatile long lastHeardNanos;
    boolean everHeard;
    /** TELLs we accepted from it since its last HELLO: what our heartbeats acknowledge. Wire thread. */
    long tellsAcceptedFrom;

    final AtomicLong tellsOffered = new AtomicLong();
    final AtomicLong asksSent = new AtomicLong();
    volatile long epochStart;
    volatile long acknowledged;
    volatile long doubtOfClosedEpochs;
    volatile boolean hadEpoch;
    volatile long timesLost;
    volatile long asksFailedLost;

    Peer(int id, Endpoint endpoint, Publication publication) {
        this.id = id;
        this.endpoint = endpoint;
        this.publication = publication;
    }

    void helloSent(int tag) {
        helloTags[hellosSent++ % HELLO_TAGS] = tag;
    }

    /** Whether a HELLO went onto its stream since the peer was last lost (heartbeats may follow it). */
    boolean saidHello() {
        return hellosSent > 0;
    }

    boolean isOurHello(int tag) {
        for (int i = 0; i < Math.min(hellosSent, HELLO_TAGS); i++) {
            if (helloTags[i] == tag) {
                return true;
            }
        }
        return false;
    }

    /** Lost: a heartbeat echoing a HELLO from before is not of the next epoch. */
    void forgetHellos() {
        hellosSent = 0;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    /** A new epoch: close the last one's doubt, count from here. Wire thread. */
    void startEpoch() {
        long offered = tellsOffered.get();
        if (hadEpoch) {
            doubtOfClosedEpochs += Math.max(0, offered - epochStart - acknowledged);
        }
        hadEpoch = true;
        epochStart = offered;
        acknowledged = 0;
    }

    /** Tells in doubt: the closed epochs', and the current one's if the peer is down. */
    long tellsInDoubt() {
        long doubt = doubtOfClosedEpochs;
        if (hadEpoch && !up) {
            doubt += Math.max(0, tellsOffered.get() - epochStart - acknowledged);
        }
        return doubt;
    }
}
