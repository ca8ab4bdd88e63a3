package io.rampart.internal;

import io.rampart.EngineClosedException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The timer on its own thread: an Error in a tick does not kill it; stopping fails what is pending. */
class AskTimerThreadTest {
    private final DeadLetters deadLetters = new DeadLetters("t", dl -> { });

    @Test
    void anErrorInOneTickDoesNotStopLaterAsksFromTimingOut() throws Exception {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        AtomicLong now = new AtomicLong();
        CountDownLatch exited = new CountDownLatch(1);
        AskTimer timer = new AskTimer(() -> {
            if (failOnce.getAndSet(false)) {
                throw new OutOfMemoryError("simulated, in a tick");
            }
            return now.get();
        }, 1_000_000, exited::countDown);
        Thread t = new Thread(timer, "timer-under-test");
        timer.startOn(t);

        Ask<String> ask = new Ask<>("g", deadLetters, 100, 0);
        ask.markAccepted();
        timer.track(ask);
        now.set(1_000);
        assertThat(ask).failsWithin(5, TimeUnit.SECONDS);
        assertThat(t.isAlive()).isTrue();

        Ask<String> pending = new Ask<>("g", deadLetters, Long.MAX_VALUE / 2, 0);
        timer.track(pending);
        timer.stop(() -> new EngineClosedException("closed"));
        assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(pending).isCompletedExceptionally();
    }
}
