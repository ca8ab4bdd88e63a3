package io.rampart.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.rampart.Reply;
import io.rampart.remote.internal.InFlightAsks;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link InFlightAsks}: a remote node's asks in flight, completed exactly once whoever races for them.
 *
 * <p>{@code SendVersusLoss}: a mirror slot registers an ask for a peer and reads the peer's liveness; meanwhile the
 * wire thread marks the peer down and fails every ask in flight to it. Each side writes (the table; the flag) then
 * reads the other's write, so at least one sees it: the ask is failed once, by one of them, and never left in the
 * table of a peer that is down (where nobody would ever fail it: the caller would wait for its ask timeout, and a
 * node without one, forever).
 *
 * <p>{@code AnswerVersusLoss}: the ask's answer arrives just as its peer is lost: the answer and the loss's scan race
 * to take it; exactly one completes it.
 */
public class InFlightAsksStress {

    /** A peer whose liveness the wire thread writes and the mirror reads (the node's {@code Peer.up}). */
    static final class Peer implements InFlightAsks.Target {
        volatile boolean up = true;

        @Override
        public boolean isUp() {
            return up;
        }
    }

    /** Counts its completions: an ask must have exactly one. */
    static final class CountingReply implements Reply {
        int answers;
        int failures;

        @Override
        public synchronized void reply(Object value) {
            answers++;
        }

        @Override
        public synchronized void fail(Throwable cause) {
            failures++;
        }

        synchronized int completions() {
            return answers + failures;
        }
    }

    private static final RuntimeException DOWN = new RuntimeException("peer down");

    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Failed once (by the mirror or by the loss's scan); none left.")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Left in flight to a peer that is down, with nobody to fail it.")
    @Outcome(id = "2, 0", expect = FORBIDDEN, desc = "Failed twice.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Gone from the table and never completed.")
    @State
    public static class SendVersusLoss {
        final InFlightAsks asks = new InFlightAsks();
        final Peer peer = new Peer();
        final CountingReply reply = new CountingReply();

        /**
         * {@code ProxyHandler.handle} for an ask: register, then the offer, which here succeeds (Aeron may take a
         * frame for a peer the node already lost: its stream is still connected for seconds).
         */
        @Actor
        public void mirror() {
            asks.register(1L, reply, peer, () -> DOWN);
        }

        /** {@code Node.lose}: the peer marked down, then every ask in flight to it failed. */
        @Actor
        public void wire() {
            peer.up = false;
            asks.failAll(peer, (id, e) -> e.reply().fail(DOWN));
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = reply.completions();
            r.r2 = asks.size();
        }
    }

    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Completed once: by its answer or by the loss.")
    @Outcome(id = "2, 0", expect = FORBIDDEN, desc = "Completed by both the answer and the loss.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Taken and never completed.")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Left in flight.")
    @State
    public static class AnswerVersusLoss {
        final InFlightAsks asks = new InFlightAsks();
        final Peer peer = new Peer();
        final CountingReply reply = new CountingReply();

        {
            asks.register(7L, reply, peer, () -> DOWN);
        }

        /** The REPLY frame's dispatch. */
        @Actor
        public void answer() {
            InFlightAsks.Entry entry = asks.answer(7L, peer);
            if (entry != null) {
                entry.reply().reply("answer");
            }
        }

        /** The loss's scan (here on another thread, as a close of the node would be). */
        @Actor
        public void loss() {
            peer.up = false;
            asks.failAll(peer, (id, e) -> e.reply().fail(DOWN));
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = reply.completions();
            r.r2 = asks.size();
        }
    }
}
