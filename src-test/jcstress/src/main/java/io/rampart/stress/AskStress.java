package io.rampart.stress;

import io.rampart.AskTimeoutException;
import io.rampart.DeadLetter;
import io.rampart.internal.Ask;
import io.rampart.internal.AskTimer;
import io.rampart.internal.DeadLetters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LII_Result;
import org.openjdk.jcstress.infra.results.LIZ_Result;
import org.openjdk.jcstress.infra.results.LZI_Result;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link Ask}: every ask completes exactly once, and a handler's answer that loses the race is never
 * lost silently (the README's guarantee 1).
 *
 * <p>Each test races the handler's answer, or the engine's own failure ({@link Ask#tryFail}), against
 * another completion: the timer's timeout ({@link AskTimer#expire}, on an accepted ask past its
 * deadline), the caller's {@code cancel(false)}. The arbiter reads which completion the future holds
 * and how many {@link DeadLetter.Reason#LATE_REPLY LATE_REPLY} dead letters were delivered.
 *
 * <p>Forbidden throughout: the future not done; a completion other than the two racing; both sides
 * reporting a win; a handler answer that lost and produced no LATE_REPLY (lost silently); a handler
 * answer that won and still produced a dead letter.
 */
public class AskStress {
    static final String REPLY = "pong";
    static final RuntimeException ENGINE_FAILURE = new RuntimeException("engine failed the ask", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** One ask, tracked by a timer and already past its deadline, with a dead-letter counter. */
    static final class Probe {
        final AtomicInteger lateReplies = new AtomicInteger();
        final AtomicInteger otherDeadLetters = new AtomicInteger();
        final Ask<String> ask = new Ask<>("g", new DeadLetters("e", dl -> {
            if (dl.reason() == DeadLetter.Reason.LATE_REPLY) {
                lateReplies.incrementAndGet();
            } else {
                otherDeadLetters.incrementAndGet();
            }
        }), 0, 0);
        final AskTimer timer = new AskTimer(() -> 0, 1, () -> { });

        Probe() {
            ask.slot = 0;
            timer.track(ask);
            ask.markAccepted(); // published into a ring: the timer may time it out now
        }

        /** The timer's tick at the ask's deadline; returns how many asks it timed out. */
        int timeout() {
            return timer.expire(0);
        }

        /** Which completion the future holds. */
        String completion() {
            if (!ask.isDone()) {
                return "NOT_DONE";
            }
            try {
                Object v = ask.getNow(null);
                return v == REPLY ? "REPLY" : "VALUE:" + v;
            } catch (CancellationException e) {
                return "CANCELLED";
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof AskTimeoutException) {
                    return "TIMEOUT";
                }
                return cause == ENGINE_FAILURE ? "ENGINE_FAILURE" : "FAILURE:" + cause;
            }
        }

        /** Late replies; any other dead letter shows as 100 each, so it cannot hide in an outcome. */
        int deadLetters() {
            return lateReplies.get() + 100 * otherDeadLetters.get();
        }
    }

    /** The handler replies while the timer times the ask out. Result: completion, late replies, timed out. */
    @JCStressTest
    @Outcome(id = "REPLY, 0, 0", expect = ACCEPTABLE, desc = "The reply won; the timer found the ask done and dropped it.")
    @Outcome(id = "TIMEOUT, 1, 1", expect = ACCEPTABLE, desc = "The timeout won; the reply went to dead letters as LATE_REPLY.")
    @Outcome(id = "TIMEOUT, 0, 1", expect = FORBIDDEN, desc = "The reply lost and was lost silently: no LATE_REPLY.")
    @Outcome(id = {"REPLY, 1, 0", "REPLY, 1, 1"}, expect = FORBIDDEN,
            desc = "The reply won and was also dead-lettered as late.")
    @Outcome(id = {"REPLY, 0, 1", "TIMEOUT, 1, 0"}, expect = FORBIDDEN,
            desc = "The timer's count disagrees with the future: a timeout counted that the caller did not see, or not counted.")
    @Outcome(expect = FORBIDDEN, desc = "Not done, completed twice, or completed by something else.")
    @State
    public static class ReplyVersusTimeout {
        final Probe p = new Probe();

        @Actor
        public void handler() {
            p.ask.reply(REPLY);
        }

        @Actor
        public void timer(LII_Result r) {
            r.r3 = p.timeout();
        }

        @Arbiter
        public void arbiter(LII_Result r) {
            r.r1 = p.completion();
            r.r2 = p.deadLetters();
        }
    }

    /** The handler replies while the caller cancels. Result: completion, late replies, cancel returned. */
    @JCStressTest
    @Outcome(id = "REPLY, 0, false", expect = ACCEPTABLE, desc = "The reply won; the cancel came too late.")
    @Outcome(id = "CANCELLED, 1, true", expect = ACCEPTABLE, desc = "The cancel won; the reply went to dead letters as LATE_REPLY.")
    @Outcome(id = "CANCELLED, 0, true", expect = FORBIDDEN, desc = "The reply lost and was lost silently: no LATE_REPLY.")
    @Outcome(id = {"REPLY, 1, false", "REPLY, 1, true"}, expect = FORBIDDEN,
            desc = "The reply won and was also dead-lettered as late.")
    @Outcome(expect = FORBIDDEN, desc = "Not done, both won, or completed by something else.")
    @State
    public static class ReplyVersusCancel {
        final Probe p = new Probe();

        @Actor
        public void handler() {
            p.ask.reply(REPLY);
        }

        @Actor
        public void caller(LIZ_Result r) {
            r.r3 = p.ask.cancel(false);
        }

        @Arbiter
        public void arbiter(LIZ_Result r) {
            r.r1 = p.completion();
            r.r2 = p.deadLetters();
        }
    }

    /**
     * The handler replies while the engine fails the ask (a stopping slot, close). Result: completion,
     * late replies, tryFail returned.
     */
    @JCStressTest
    @Outcome(id = "REPLY, 0, false", expect = ACCEPTABLE,
            desc = "The reply won, or marked the ask answered first: the engine's failure stands down.")
    @Outcome(id = "ENGINE_FAILURE, 1, true", expect = ACCEPTABLE,
            desc = "The engine's failure won; the reply went to dead letters as LATE_REPLY.")
    @Outcome(id = "ENGINE_FAILURE, 0, true", expect = FORBIDDEN, desc = "The reply lost and was lost silently: no LATE_REPLY.")
    @Outcome(id = {"REPLY, 0, true", "REPLY, 1, true", "ENGINE_FAILURE, 1, false", "ENGINE_FAILURE, 0, false"},
            expect = FORBIDDEN, desc = "tryFail's answer disagrees with what the caller's future holds.")
    @Outcome(id = "REPLY, 1, false", expect = FORBIDDEN, desc = "The reply won and was also dead-lettered as late.")
    @Outcome(expect = FORBIDDEN, desc = "Not done, or completed by something else.")
    @State
    public static class ReplyVersusTryFail {
        final Probe p = new Probe();

        @Actor
        public void handler() {
            p.ask.reply(REPLY);
        }

        @Actor
        public void engine(LIZ_Result r) {
            r.r3 = p.ask.tryFail(ENGINE_FAILURE);
        }

        @Arbiter
        public void arbiter(LIZ_Result r) {
            r.r1 = p.completion();
            r.r2 = p.deadLetters();
        }
    }

    /**
     * The engine fails the ask while the timer times it out: no handler answer, so no dead letter either.
     * Result: completion, tryFail returned, timed out.
     */
    @JCStressTest
    @Outcome(id = "ENGINE_FAILURE, true, 0", expect = ACCEPTABLE, desc = "The engine's failure won; the timer dropped the done ask.")
    @Outcome(id = "TIMEOUT, false, 1", expect = ACCEPTABLE, desc = "The timeout won; tryFail reports that the caller will not see its cause.")
    @Outcome(id = {"ENGINE_FAILURE, true, 1", "TIMEOUT, true, 1"}, expect = FORBIDDEN,
            desc = "Both claim the win: the caller sees one cause, the other side believes its own was delivered.")
    @Outcome(id = {"ENGINE_FAILURE, false, 0", "TIMEOUT, false, 0", "ENGINE_FAILURE, false, 1", "TIMEOUT, true, 0"},
            expect = FORBIDDEN, desc = "A side's answer disagrees with what the caller's future holds.")
    @Outcome(expect = FORBIDDEN, desc = "Not done, completed by something else, or a dead letter appeared.")
    @State
    public static class TryFailVersusTimeout {
        final Probe p = new Probe();

        @Actor
        public void engine(LZI_Result r) {
            r.r2 = p.ask.tryFail(ENGINE_FAILURE);
        }

        @Actor
        public void timer(LZI_Result r) {
            r.r3 = p.timeout();
        }

        @Arbiter
        public void arbiter(LZI_Result r) {
            String completion = p.completion();
            r.r1 = p.deadLetters() == 0 ? completion : completion + "+DEAD_LETTER";
        }
    }
}
