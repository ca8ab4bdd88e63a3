package io.rampart.stress;

import io.rampart.internal.Ask;
import io.rampart.internal.AskTimer;
import io.rampart.internal.DeadLetters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link AskTimer}: asks pushed from any thread onto the lock-free incoming stack (a CAS on
 * {@code incoming}) are never lost, whether the pushes race each other or the timer thread taking the
 * stack ({@code getAndSet} in {@link AskTimer#expire}).
 *
 * <p>An ask lost from the stack is never timed out and never failed when the engine closes: its caller
 * waits forever (the README's guarantees 1 and 5). So is an ask pushed while the timer goes to sleep
 * after a quiet spell, if nobody wakes it ({@link SleepVersusTrack}).
 */
public class AskTimerStress {
    static final RuntimeException CLOSED = new RuntimeException("engine closed", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** An ask with a deadline at instant 0; {@code accepted} asks can be timed out by {@code expire(0)}. */
    static Ask<Object> ask(boolean accepted) {
        Ask<Object> a = new Ask<>("g", new DeadLetters("e", dl -> { }), 0, 0);
        if (accepted) {
            a.markAccepted();
        }
        return a;
    }

    static int done(Ask<?>... asks) {
        int n = 0;
        for (Ask<?> a : asks) {
            if (a.isDone()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Two askers push at once. The arbiter stands in for the timer thread: a tick (the asks are not yet
     * accepted, so it times out none and must keep both), then the final sweep at close.
     * Result: tracked after the tick, failed by the final sweep, asks done.
     */
    @JCStressTest
    @Outcome(id = "2, 2, 2", expect = ACCEPTABLE, desc = "Both asks are on the stack; the close fails both.")
    @Outcome(id = {"1, 1, 1", "1, 2, 2", "1, 1, 2"}, expect = FORBIDDEN,
            desc = "An ask lost from the stack: one push overwrote the other; that caller waits forever.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else.")
    @State
    public static class TwoTrackers {
        final AskTimer timer = new AskTimer(() -> 0, 1, () -> { });
        final Ask<Object> a1 = ask(false);
        final Ask<Object> a2 = ask(false);

        @Actor
        public void asker1() {
            timer.track(a1);
        }

        @Actor
        public void asker2() {
            timer.track(a2);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            timer.expire(0);
            r.r1 = timer.trackedCount();
            r.r2 = timer.failAll(CLOSED);
            r.r3 = done(a1, a2);
        }
    }

    /**
     * An asker pushes while the timer thread ticks. One accepted ask, past its deadline, is tracked
     * beforehand, so the tick always has work; the new one (also past its deadline) is either taken by
     * this tick or left on the stack for the next. The arbiter runs the final sweep at close.
     * Result: timed out by the tick, failed by the final sweep, asks done.
     */
    @JCStressTest
    @Outcome(id = "2, 0, 2", expect = ACCEPTABLE, desc = "The push landed before the tick took the stack: both timed out.")
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE,
            desc = "The push landed after the tick took the stack: the earlier ask timed out, the new one waits for the next sweep.")
    @Outcome(id = {"1, 0, 1", "0, 1, 1", "0, 0, 0"}, expect = FORBIDDEN,
            desc = "An ask lost between the push and the timer's take: never timed out, never failed at close.")
    @Outcome(expect = FORBIDDEN, desc = "Anything else: an ask counted twice, or the pre-tracked ask missed.")
    @State
    public static class TrackVersusExpire {
        final AskTimer timer = new AskTimer(() -> 0, 1, () -> { });
        final Ask<Object> earlier = ask(true);
        final Ask<Object> pushed = ask(true);

        public TrackVersusExpire() {
            timer.track(earlier);
        }

        @Actor
        public void asker() {
            timer.track(pushed);
        }

        @Actor
        public void timerThread(III_Result r) {
            r.r1 = timer.expire(0);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r2 = timer.failAll(CLOSED);
            r.r3 = done(earlier, pushed);
        }
    }

    /**
     * The timer goes to sleep after a quiet spell while an asker pushes onto the empty stack: the timer
     * arms its bell (a volatile store) and looks at the stack once more ({@link AskTimer#armToSleep()});
     * the asker pushes (a CAS) and, having found the stack empty, rings the bell: it reads the flag and,
     * if armed, takes it (CAS to 0) and unparks the timer. The timer is bound to no thread here, so the
     * unpark is {@code LockSupport.unpark(null)}, a no-op; the arbiter reads from the flag whether the
     * asker's ring took the wake (the timer never disarms in this test).
     * Result: the timer may park (it saw no ask), the asker's ring took the wake.
     */
    @JCStressTest
    @Outcome(id = "false, false", expect = ACCEPTABLE,
            desc = "The timer saw the ask and stays awake; the asker rang before the bell was armed.")
    @Outcome(id = "false, true", expect = ACCEPTABLE,
            desc = "The timer saw the ask and stays awake; the asker also saw it armed: one spare unpark.")
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "The timer saw no ask and parks; the asker saw it armed and unparks it.")
    @Outcome(id = "true, false", expect = FORBIDDEN,
            desc = "The timer sleeps with an ask pushed and nobody to wake it: that ask never times out.")
    @State
    public static class SleepVersusTrack {
        final AskTimer timer = new AskTimer(() -> 0, 1, () -> { });
        final Ask<Object> pushed = ask(true);

        @Actor
        public void timerThread(ZZ_Result r) {
            r.r1 = timer.armToSleep();
        }

        @Actor
        public void asker() {
            timer.track(pushed);
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r2 = !timer.isAsleep();
        }
    }
}
