package io.rampart.stress;

import io.rampart.internal.Delivery;
import io.rampart.internal.SlotRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.openjdk.jcstress.infra.results.JLL_Result;
import org.openjdk.jcstress.infra.results.LJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link SlotRing}: the claim (CAS on {@code tail}), publish (release store of the event's sequence),
 * poll (acquire load of it), release ({@code head}) and close (sign bit of {@code tail}) protocols.
 *
 * <p>Outcome ids name what an actor saw: a sequence ({@code -1} is {@link SlotRing#FULL}, {@code -2}
 * {@link SlotRing#CLOSED}), or a word for what the consumer found in the event.
 */
public class SlotRingStress {
    static final Object MESSAGE = "message";
    static final Object PREVIOUS_LAP = "previous lap";

    /** What the consumer found at a sequence: not yet published, or published with which message. */
    static String seen(Delivery e, Object expected) {
        if (e == null) {
            return "NOT_PUBLISHED";
        }
        Object m = e.message;
        if (m == expected) {
            return expected == Delivery.SKIP ? "SKIP" : "MESSAGE";
        }
        if (m == null) {
            return "NULL_MESSAGE";
        }
        return m == PREVIOUS_LAP ? "PREVIOUS_LAP" : "OTHER_MESSAGE";
    }

    /**
     * Publish is a release store of the event's sequence after the producer's plain writes of its
     * fields; poll is an acquire load of it. A consumer that sees the sequence must see the message.
     */
    @JCStressTest
    @Outcome(id = "NOT_PUBLISHED, 0", expect = ACCEPTABLE, desc = "The consumer polled before the publish.")
    @Outcome(id = "MESSAGE, 0", expect = ACCEPTABLE, desc = "Published, and the message came with it.")
    @Outcome(id = "NULL_MESSAGE, 0", expect = FORBIDDEN,
            desc = "Event visible but its message is not: the consumer would hand null to the handler and drop the message.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a wrong sequence or a stranger's message.")
    @State
    public static class ClaimPublishPoll {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        @Actor
        public void producer(LJ_Result r) {
            long seq = ring.tryClaim();
            ring.claimed(seq).message = MESSAGE;
            ring.publish(seq);
            r.r2 = seq;
        }

        @Actor
        public void consumer(LJ_Result r) {
            r.r1 = seen(ring.poll(0), MESSAGE);
        }
    }

    /**
     * A claim given up (an all-or-nothing broadcast that found another ring full) is published as the
     * {@link Delivery#SKIP} marker, with the same release/acquire pair as a message.
     */
    @JCStressTest
    @Outcome(id = "NOT_PUBLISHED, 0", expect = ACCEPTABLE, desc = "The consumer polled before the skip was published.")
    @Outcome(id = "SKIP, 0", expect = ACCEPTABLE, desc = "The consumer sees the SKIP marker and passes over the event.")
    @Outcome(id = "NULL_MESSAGE, 0", expect = FORBIDDEN,
            desc = "Skip published but its marker is not visible: the consumer would hand null to the handler.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else.")
    @State
    public static class ClaimSkipPoll {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        @Actor
        public void producerGivingUp(LJ_Result r) {
            long seq = ring.tryClaim();
            ring.claimed(seq).message = Delivery.SKIP; // what Group does with a claim it gives up
            ring.publish(seq);
            r.r2 = seq;
        }

        @Actor
        public void consumer(LJ_Result r) {
            r.r1 = seen(ring.poll(0), Delivery.SKIP);
        }
    }

    /** Two producers claim at once on a ring with room for both: each gets its own sequence. */
    @JCStressTest
    @Outcome(id = {"0, 1, 2", "1, 0, 2"}, expect = ACCEPTABLE, desc = "Distinct sequences, both counted.")
    @Outcome(id = {"0, 0, 1", "1, 1, 1", "0, 0, 2", "1, 1, 2"}, expect = FORBIDDEN,
            desc = "Both producers claimed the same sequence: one message overwrites the other.")
    @Outcome(expect = FORBIDDEN, desc = "A claim failed with room in the ring, or the claim count is wrong.")
    @State
    public static class DistinctClaims {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        @Actor
        public void producer1(JJJ_Result r) {
            r.r1 = ring.tryClaim();
        }

        @Actor
        public void producer2(JJJ_Result r) {
            r.r2 = ring.tryClaim();
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = ring.claimedCount();
        }
    }

    /**
     * A batch claim of 3 ({@link SlotRing#tryClaim(int)}, {@code tellBatch}'s one claim per slot) races a single
     * claim in a ring of 4: both fit, in either order, and never overlap. Results: (batch's first sequence,
     * single's sequence, claimed count).
     */
    @JCStressTest
    @Outcome(id = {"0, 3, 4", "1, 0, 4"}, expect = ACCEPTABLE, desc = "Both claimed, disjoint, in either order.")
    @Outcome(expect = FORBIDDEN, desc = "Overlapping claims, a spurious FULL, or a lost claim.")
    @State
    public static class BatchClaimVersusClaim {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        @Actor
        public void batch(JJJ_Result r) {
            r.r1 = ring.tryClaim(3);
        }

        @Actor
        public void single(JJJ_Result r) {
            r.r2 = ring.tryClaim();
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = ring.claimedCount();
        }
    }

    /**
     * A batch claim of 3 races a single claim for a ring of 4 with one event taken: only one of them fits
     * (3 free), so exactly one wins and the other finds the ring FULL; the batch is never partly claimed.
     * Results: (batch's first sequence, single's sequence, claimed count).
     */
    @JCStressTest
    @Outcome(id = "1, -1, 4", expect = ACCEPTABLE, desc = "The batch took the 3 free events; the single found FULL.")
    @Outcome(id = "-1, 1, 2", expect = ACCEPTABLE, desc = "The single took one; the batch found 2 free and took none.")
    @Outcome(expect = FORBIDDEN, desc = "Both claimed (past capacity), a partial batch, or a spurious FULL.")
    @State
    public static class BatchClaimAllOrNothing {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        BatchClaimAllOrNothing() {
            ring.tryClaim(); // sequence 0 stays claimed (not released): 3 free
        }

        @Actor
        public void batch(JJJ_Result r) {
            r.r1 = ring.tryClaim(3);
        }

        @Actor
        public void single(JJJ_Result r) {
            r.r2 = ring.tryClaim();
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = ring.claimedCount();
        }
    }

    /** Two producers race for the only free event of a capacity-1 ring: exactly one gets it. */
    @JCStressTest
    @Outcome(id = {"0, -1, 1", "-1, 0, 1"}, expect = ACCEPTABLE, desc = "One claims the event, the other finds the ring FULL.")
    @Outcome(id = {"0, 0, 1", "0, 0, 2", "0, 1, 2", "1, 0, 2"}, expect = FORBIDDEN,
            desc = "Both claimed: a message overwrites another or lands in an event the consumer has not released.")
    @Outcome(id = "-1, -1, 0", expect = FORBIDDEN, desc = "Both refused with the ring empty: a spurious FULL.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else.")
    @State
    public static class OneFreeEventTwoClaimers {
        final SlotRing<Delivery> ring = new SlotRing<>(1, Delivery::new);

        @Actor
        public void producer1(JJJ_Result r) {
            r.r1 = ring.tryClaim();
        }

        @Actor
        public void producer2(JJJ_Result r) {
            r.r2 = ring.tryClaim();
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = ring.claimedCount();
        }
    }

    /**
     * Close sets the sign bit of {@code tail} in the producers' own CAS and returns the drain target (the
     * number of sequences claimed). A claim succeeds exactly when its sequence is below the drain target:
     * everything accepted before the close is drained, nothing after it is accepted.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Claim, then close: the claim is inside the drain target.")
    @Outcome(id = "-2, 0, 0", expect = ACCEPTABLE, desc = "Close, then claim: refused as CLOSED, nothing to drain.")
    @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = FORBIDDEN,
            desc = "Claim accepted at or beyond the drain target: the consumer stops before it and the message is lost on close.")
    @Outcome(id = {"-2, 1, 0", "-2, 1, 1"}, expect = FORBIDDEN,
            desc = "Claim refused as CLOSED but counted in the drain target: the consumer waits for a sequence nobody publishes.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else.")
    @State
    public static class CloseRacesClaim {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);

        @Actor
        public void producer(JJJ_Result r) {
            r.r1 = ring.tryClaim();
        }

        @Actor
        public void closer(JJJ_Result r) {
            r.r2 = ring.close();
        }

        @Arbiter
        public void arbiter(JJJ_Result r) {
            r.r3 = ring.claimedCount();
        }
    }

    /**
     * A full capacity-1 ring: sequence 0 is published; the consumer takes it, clears the event and
     * releases it while a producer claims. The claim is FULL unless it read the release; if it succeeds
     * it must also see the consumer's clear (release store of {@code head}, acquire load in the claim),
     * or the consumer's late clear could wipe the new message. The arbiter polls sequence 1 afterwards.
     */
    @JCStressTest
    @Outcome(id = "-1, -, NOT_PUBLISHED", expect = ACCEPTABLE,
            desc = "FULL: the claim read head before the release; the caller's backpressure policy decides.")
    @Outcome(id = "1, CLEARED, MESSAGE", expect = ACCEPTABLE,
            desc = "The release happened before the claim: a cleared event, and the new message survives.")
    @Outcome(id = "1, PREVIOUS_LAP, MESSAGE", expect = FORBIDDEN,
            desc = "Claimed an event whose consumer's clear is not visible yet: the claim ran ahead of the release.")
    @Outcome(id = {"1, CLEARED, NULL_MESSAGE", "1, PREVIOUS_LAP, NULL_MESSAGE"}, expect = FORBIDDEN,
            desc = "The consumer's clear of the previous lap wiped the new message: it would be handled as null.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a double claim of an unreleased event, or CLOSED.")
    @State
    public static class FullVersusRelease {
        final SlotRing<Delivery> ring = new SlotRing<>(1, Delivery::new);

        public FullVersusRelease() {
            long seq = ring.tryClaim();
            ring.claimed(seq).message = PREVIOUS_LAP;
            ring.publish(seq);
        }

        @Actor
        public void consumer() {
            Delivery e = ring.poll(0);
            e.clear();
            ring.release(1);
        }

        @Actor
        public void producer(JLL_Result r) {
            long seq = ring.tryClaim();
            r.r1 = seq;
            if (seq < 0) {
                r.r2 = "-";
                return;
            }
            Delivery e = ring.claimed(seq);
            Object before = e.message;
            r.r2 = before == null ? "CLEARED" : before == PREVIOUS_LAP ? "PREVIOUS_LAP" : "OTHER";
            e.message = MESSAGE;
            ring.publish(seq);
        }

        @Arbiter
        public void arbiter(JLL_Result r) {
            r.r3 = seen(ring.poll(1), MESSAGE);
        }
    }
}
