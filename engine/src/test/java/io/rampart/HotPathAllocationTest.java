package io.rampart;

import com.sun.management.ThreadMXBean;
import io.rampart.internal.Ask;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the bytes the sending thread allocates on the hot path with the JVM's per-thread allocation
 * counter. This is a count, not a timing, so it is exact enough for a unit test.
 */
class HotPathAllocationTest {
    private static final int CALLS = 100_000;
    private static final ThreadMXBean THREADS =
            (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedByThisThread() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void tellOneAllocatesNothingOnceWarm() {
        Object message = "m";
        try (Engine engine = Engine.builder().name("alloc")
                .group(GroupSpec.builder("sink", Object.class).redundancy(2).ringSize(1 << 14)
                        .handler(() -> (m, ctx) -> { }).build())
                .build()) {
            engine.start();
            Distributor<Object, Object> d = engine.distributor("sink");
            for (int i = 0; i < 3 * CALLS; i++) {
                d.tellOne(message);
            }
            long overhead = allocatedByThisThread();
            overhead = allocatedByThisThread() - overhead;

            long before = allocatedByThisThread();
            for (int i = 0; i < CALLS; i++) {
                d.tellOne(message);
            }
            long bytes = allocatedByThisThread() - before - overhead;
            System.out.printf("tellOne: %d bytes over %d calls (%.3f B/op)%n", bytes, CALLS, (double) bytes / CALLS);
            assertThat(bytes).as("bytes allocated by %d tellOne calls", CALLS).isLessThan(CALLS / 100);
        }
    }

    /** As above, through a typed group: the send's type check (a field load and an isInstance) allocates nothing. */
    @Test
    void typedTellOneAllocatesNothingOnceWarm() {
        GroupSpec<String, Object> spec = GroupSpec.builder("typed-sink", String.class).redundancy(2).ringSize(1 << 14)
                .handler(() -> (m, ctx) -> { }).build();
        try (Engine engine = Engine.builder().name("alloc-typed").group(spec).build()) {
            engine.start();
            Distributor<String, Object> d = engine.distributor(spec);
            String message = "m";
            for (int i = 0; i < 3 * CALLS; i++) {
                d.tellOne(message);
            }
            long overhead = allocatedByThisThread();
            overhead = allocatedByThisThread() - overhead;

            long before = allocatedByThisThread();
            for (int i = 0; i < CALLS; i++) {
                d.tellOne(message);
            }
            long bytes = allocatedByThisThread() - before - overhead;
            System.out.printf("typed tellOne: %d bytes over %d calls (%.3f B/op)%n", bytes, CALLS, (double) bytes / CALLS);
            assertThat(bytes).as("bytes allocated by %d typed tellOne calls", CALLS).isLessThan(CALLS / 100);
        }
    }

    @Test
    void askOneAllocatesItsFutureAndLittleElse() {
        try (Engine engine = Engine.builder().name("alloc-ask")
                .group(GroupSpec.builder("echo", Object.class).handler(() -> (m, ctx) -> ctx.reply(m)).build())
                .build()) {
            engine.start();
            Distributor<Object, Object> d = engine.distributor("echo");
            Object message = "q";
            for (int i = 0; i < CALLS; i++) {
                d.askOne(message).join();
            }
            long before = allocatedByThisThread();
            for (int i = 0; i < CALLS; i++) {
                CompletableFuture<Object> f = d.askOne(message);
                f.join();
            }
            double perCall = (double) (allocatedByThisThread() - before) / CALLS;
            System.out.printf("askOne + join: %.1f B/op%n", perCall);
            // The Ask (a CompletableFuture with a few fields) plus join()'s waiter node when it blocks.
            assertThat(perCall).isLessThanOrEqualTo(128.0);
        }
    }

    @Test
    void askOneSyncAllocatesNothingOnceWarm() {
        try (Engine engine = Engine.builder().name("alloc-sync")
                .group(GroupSpec.builder("echo", Object.class).handler(() -> (m, ctx) -> ctx.reply(m)).build())
                .build()) {
            engine.start();
            Distributor<Object, Object> d = engine.distributor("echo");
            Object message = "q";
            Duration timeout = Duration.ofSeconds(10);
            for (int i = 0; i < 3 * CALLS; i++) {
                d.askOneSync(message, timeout);
            }
            long overhead = allocatedByThisThread();
            overhead = allocatedByThisThread() - overhead;

            long before = allocatedByThisThread();
            for (int i = 0; i < CALLS; i++) {
                d.askOneSync(message, timeout);
            }
            long bytes = allocatedByThisThread() - before - overhead;
            System.out.printf("askOneSync: %d bytes over %d calls (%.3f B/op)%n", bytes, CALLS, (double) bytes / CALLS);
            assertThat(bytes).as("bytes allocated by %d askOneSync calls", CALLS).isLessThan(CALLS / 100);
        }
    }
}
