package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler or callback that restores an interrupt (the standard idiom) leaves the flag set on an
 * engine thread; {@code parkNanos} returns at once while it is set, so a wait that does not clear it
 * spins a whole core while idle. A thread that waits properly is seen parked (TIMED_WAITING for the
 * sleeping wait and the timer); a spinning one never is.
 */
class LeftoverInterruptTest {
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anIdleSlotWithTheSleepingWaitParksDespiteAnInterruptItsHandlerRestored() {
        AtomicReference<Thread> slot = new AtomicReference<>();
        engine = Engine.builder().group(GroupSpec.builder("g").waitStrategy(WaitStrategy.sleeping(Duration.ofMillis(50)))
                .handler(() -> (m, ctx) -> {
                    slot.set(Thread.currentThread());
                    Thread.currentThread().interrupt(); // "restore the interrupt" and return
                }).build()).build();
        engine.start();
        engine.distributor("g").tellOne("x");

        await().atMost(Duration.ofSeconds(5)).until(() -> slot.get() != null
                && slot.get().getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void anIdleSlotWithTheDefaultWaitParksDespiteAnInterruptItsHandlerRestored() {
        AtomicReference<Thread> slot = new AtomicReference<>();
        engine = Engine.builder().group(GroupSpec.builder("g").handler(() -> (m, ctx) -> {
            slot.set(Thread.currentThread());
            Thread.currentThread().interrupt();
        }).build()).build();
        engine.start();
        engine.distributor("g").tellOne("x");

        await().atMost(Duration.ofSeconds(5)).until(() -> slot.get() != null
                && slot.get().getState() == Thread.State.WAITING);
    }

    @Test
    void theAskTimerParksDespiteAnInterruptATimeoutCallbackRestored() {
        AtomicReference<Thread> timer = new AtomicReference<>();
        engine = Engine.builder().group(GroupSpec.builder("g").handler(() -> (m, ctx) -> ctx.defer()).build())
                .build();
        engine.start();
        engine.distributor("g").askOne("never answered", Duration.ofMillis(5)).whenComplete((v, t) -> {
            timer.set(Thread.currentThread());
            Thread.currentThread().interrupt();
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> timer.get() != null
                && timer.get().getState() == Thread.State.TIMED_WAITING);
    }
}
