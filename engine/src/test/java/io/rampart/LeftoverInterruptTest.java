package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler or callback that restores an interrupt (the standard idiom) leaves the flag set on an
 * engine thread; {@code parkNanos} returns at once while it is set, so a wait that does not clear it
 * spins a whole core while idle. Checked by the idle thread's CPU time over a window: an idle
 * thread that parks uses next to none, a spinning one uses most of the window. (The thread's state
 * cannot tell them apart: a thread inside {@code parkNanos} is reported TIMED_WAITING even when the
 * call returns at once.)
 */
class LeftoverInterruptTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The observation window, and the CPU an idle thread may use in it (a spinning one uses most of it). */
    private static final Duration WINDOW = Duration.ofMillis(400);
    private static final long IDLE_CPU_NANOS = Duration.ofMillis(40).toNanos();
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The thread stays under the idle CPU budget for the whole window (Awaitility's "during"). */
    private static void assertIdle(Thread t) {
        assertThat(THREADS.isThreadCpuTimeSupported()).isTrue();
        // Past its spin and yield phases first: it has been seen waiting.
        await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() != Thread.State.RUNNABLE);
        long start = THREADS.getThreadCpuTime(t.getId());
        await().during(WINDOW).atMost(WINDOW.multipliedBy(3))
                .until(() -> THREADS.getThreadCpuTime(t.getId()) - start < IDLE_CPU_NANOS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parkingWaits")
    void anIdleSlotStaysIdleDespiteAnInterruptItsHandlerRestored(WaitStrategy wait) {
        AtomicReference<Thread> slot = new AtomicReference<>();
        engine = Engine.builder().group(GroupSpec.builder("g", Object.class).waitStrategy(wait).handler(() -> (m, ctx) -> {
            slot.set(Thread.currentThread());
            Thread.currentThread().interrupt(); // "restore the interrupt" and return
        }).build()).build();
        engine.start();
        engine.distributor("g").tellOne("x");

        await().until(() -> slot.get() != null);
        assertIdle(slot.get());
    }

    /** The wait strategies that leave a core idle (yielding and busySpin use one by design). */
    static Stream<WaitStrategy> parkingWaits() {
        return Stream.of(WaitStrategy.sleeping(Duration.ofMillis(50)), WaitStrategy.backoffThenPark());
    }

    @Test
    void theAskTimerStaysIdleDespiteAnInterruptATimeoutCallbackRestored() {
        AtomicReference<Thread> timer = new AtomicReference<>();
        engine = Engine.builder().timerTick(Duration.ofMillis(5))
                .group(GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> ctx.defer()).build()).build();
        engine.start();
        engine.distributor("g").askOne("never answered", Duration.ofMillis(5)).whenComplete((v, t) -> {
            timer.set(Thread.currentThread());
            Thread.currentThread().interrupt();
        });

        await().until(() -> timer.get() != null);
        assertIdle(timer.get());
    }
}
