package io.rampart.stress;

import io.rampart.internal.DeadLetters;
import io.rampart.internal.ReplyCell;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link ReplyCell}, the synchronous ask's reusable answer slot: its state is one word
 * ({@code generation << 3 | status}) changed only by CAS.
 *
 * <p>The cell is bound to no thread here, so the replier's unpark is {@code LockSupport.unpark(null)},
 * a no-op; whether it unparked is read from the cell's wake counter afterwards.
 */
public class ReplyCellStress {
    static ReplyCell cell() {
        return new ReplyCell("g", new DeadLetters("e", dl -> { }), null);
    }

    /**
     * The caller, past its spin and yield phases, arms to park ({@link ReplyCell#armPark}) while the
     * slot answers ({@link ReplyCell#complete}). Forbidden: the caller parks and the replier, having
     * set the answer, does not unpark it (the caller would sleep until its timeout with the answer
     * there). Also forbidden: an unpark of a caller that never parked (the reply pays an unpark only
     * for a caller that really parked).
     */
    @JCStressTest
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Caller parks; the replier saw it parked and unparks it.")
    @Outcome(id = "false, false", expect = ACCEPTABLE,
            desc = "The answer started first: the caller does not park, and nobody unparks.")
    @Outcome(id = "true, false", expect = FORBIDDEN, desc = "Caller parks with the answer set and nobody wakes it.")
    @Outcome(id = "false, true", expect = FORBIDDEN, desc = "An unpark for a caller that never parked.")
    @State
    public static class ParkVersusAnswer {
        final ReplyCell cell = cell();
        final long token = cell.begin();

        @Actor
        public void caller(ZZ_Result r) {
            r.r1 = cell.armPark(token);
        }

        @Actor
        public void replier() {
            cell.complete(token, "answer", null, true);
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r2 = cell.wakes() == 1;
        }
    }

    /**
     * A late answer to ask 1 races with its caller giving it up ({@link ReplyCell#expire}) and starting
     * ask 2 in the same cell. Exactly one of "given up" and "answer taken" happens, and ask 2 is
     * never completed by ask 1's answer. Results: (ask 1 given up, ask 1's answer taken, ask 2 still
     * untouched).
     */
    @JCStressTest
    @Outcome(id = "true, false, true", expect = ACCEPTABLE,
            desc = "Caller gave ask 1 up first; the answer is late (dead letter) and ask 2 is untouched.")
    @Outcome(id = "false, true, true", expect = ACCEPTABLE,
            desc = "The answer came in time: the caller takes it, then starts ask 2, untouched.")
    @Outcome(id = ".*, .*, false", expect = FORBIDDEN, desc = "Ask 1's late answer landed in ask 2.")
    @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "Ask 1 both given up and answered.")
    @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "Ask 1 neither given up nor answered.")
    @State
    public static class LateAnswerVersusNextAsk {
        final ReplyCell cell = cell();
        final long first = cell.begin();

        @Actor
        public void caller(ZZZ_Result r) {
            r.r1 = cell.expire(first);
            if (!r.r1) {
                while (!cell.isAnswered(first)) {
                    Thread.onSpinWait(); // the answer is being written: the caller waits for it, then reads it
                }
            }
            cell.begin();
        }

        @Actor
        public void replier(ZZZ_Result r) {
            r.r2 = cell.complete(first, "late", null, true);
        }

        @Arbiter
        public void arbiter(ZZZ_Result r) {
            long second = first + 1;
            r.r3 = !cell.isDone(second) && cell.value() == null;
        }
    }
}
