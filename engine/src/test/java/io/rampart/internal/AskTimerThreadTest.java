package io.rampart.internal;

import io.rampart.EngineClosedException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The timer on its own thread: an Error in a tick does not kill it; stopping fails what is pending; after a
 * quiet spell it sleeps without a timeout, and the next ask (or a stop) wakes it.
 */
class AskTimerThreadTest {
    private final DeadLetters deadLetters = new DeadLetters("t", dl -> { });

    @Test
    void anErrorInOneTickDoesNotStopLaterAsksFromTimingOut() throws Exception {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        AtomicLong now = new AtomicLong();
        Running running = Running.start(() -> {
            if (failOnce.getAndSet(false)) {
                throw new OutOfMemoryError("simulated, in a tick");
            }
            return now.get();
        }, 1_000_000);
        AskTimer timer = running.timer();

        Ask<String> ask = new Ask<>("g", deadLetters, 100, 0);
        ask.markAccepted();
        timer.track(ask);
        now.set(1_000);
        assertThat(ask).failsWithin(5, TimeUnit.SECONDS);
        assertThat(running.thread().isAlive()).isTrue();

        Ask<String> pending = new Ask<>("g", deadLetters, Long.MAX_VALUE / 2, 0);
        timer.track(pending);
        running.stopAndJoin();
        assertThat(pending).isCompletedExceptionally();
    }

    /** Tick 0.1 ms: an idle period is 1 ms, so the timer goes to sleep ~11 ms after its last ask. */
    private static final long FAST_TICK = 100_000;

    @Test
    void aTimerAsleepAfterAQuietSpellIsWokenByTheNextAsk() throws Exception {
        AtomicLong now = new AtomicLong();
        Running running = Running.start(now::get, FAST_TICK);
        AskTimer timer = running.timer();
        await().atMost(Duration.ofSeconds(5)).until(running::parkedAsleep);

        now.set(1_000);
        Ask<String> ask = new Ask<>("g", deadLetters, 100, 0); // deadline 100: already past at 1,000
        ask.markAccepted();
        timer.track(ask); // pushed onto the empty stack: rings the bell
        assertThat(ask).failsWithin(5, TimeUnit.SECONDS); // only a woken timer times it out

        // Asleep again after another quiet spell; a stop wakes it and it exits.
        await().atMost(Duration.ofSeconds(5)).until(running::parkedAsleep);
        running.stopAndJoin();
    }

    @Test
    void aTimerWithAnAskInFlightKeepsTicking() throws Exception {
        AtomicLong now = new AtomicLong();
        Running running = Running.start(now::get, FAST_TICK);
        AskTimer timer = running.timer();
        Ask<String> pending = new Ask<>("g", deadLetters, 1_000_000, 0); // in flight until instant 1,000,000
        pending.markAccepted();
        timer.track(pending);
        // Ten times the quiet spell after which an idle timer sleeps: this one must not, it has an ask to time out.
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> !timer.isAsleep());
        now.set(1_000_000);
        assertThat(pending).failsWithin(5, TimeUnit.SECONDS); // ticking: it sees the deadline pass
        running.stopAndJoin();
    }

    /** A timer started on its own thread, and the latch its exit counts down. */
    private record Running(AskTimer timer, Thread thread, CountDownLatch exited) {
        static Running start(LongSupplier clock, long tickNanos) {
            CountDownLatch exited = new CountDownLatch(1);
            AskTimer timer = new AskTimer(clock, tickNanos, exited::countDown);
            Thread t = new Thread(timer, "timer-under-test");
            timer.startOn(t);
            return new Running(timer, t, exited);
        }

        /**
         * Asleep: the bell armed, and the thread parked without a timeout (WAITING, not TIMED_WAITING), which
         * nothing but an unpark ends.
         */
        boolean parkedAsleep() {
            return timer.isAsleep() && thread.getState() == Thread.State.WAITING;
        }

        /** Stops the timer and checks that its thread ran its exit step and ended. */
        void stopAndJoin() throws InterruptedException {
            timer.stop(() -> new EngineClosedException("closed"));
            assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
            thread.join(5_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }
}
