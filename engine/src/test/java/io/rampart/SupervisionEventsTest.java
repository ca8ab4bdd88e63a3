package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine-wide supervision listener: each kind of event, the thread it arrives on, a listener that
 * throws, one that closes the engine, and one that reads the supervision tree from another thread
 * (which deadlocks if events were delivered under supervision's lock).
 */
class SupervisionEventsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private void record(SupervisionEvent e) {
        events.add(e);
        threads.add(Thread.currentThread().getName());
    }

    /** "boom" fails, "hold" waits for {@link #release}, anything else is handled and answered. */
    private GroupSpec.Builder<Object, Integer> group(String name, int slots) {
        return GroupSpec.builder(name, Object.class).answers(Integer.class).redundancy(slots).backoff(Backoff.none())
                .handler(() -> (m, ctx) -> {
                    if ("boom".equals(m)) {
                        throw new IllegalStateException("boom on slot " + ctx.slot());
                    }
                    if ("hold".equals(m)) {
                        release.await();
                    }
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot());
                    }
                });
    }

    private Engine start(Engine.Builder b) {
        Engine e = b.scheduler(time).closeTimeout(Duration.ofSeconds(5)).build();
        engines.add(e);
        e.start();
        return e;
    }

    @Test
    void aRestartIsReportedOnTheFailingSlotsThreadWithItsCauseAndBackoff() {
        Engine e = start(Engine.builder().name("ev").supervisionEvents(this::record)
                .group(group("g", 2).backoff(Backoff.linear(Duration.ofMillis(10))).build()));
        e.distributor("g").tellTo(1, "boom");

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
        SupervisionEvent.Restart r = (SupervisionEvent.Restart) events.get(0);
        assertThat(r.engine()).isEqualTo("ev");
        assertThat(r.group()).isEqualTo("g");
        assertThat(r.slot()).isEqualTo(1);
        assertThat(r.cause()).hasMessage("boom on slot 1");
        assertThat(r.backoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(threads).containsExactly("ev-g-1");
    }

    @Test
    void escalationPastTheRootStopsTheGroupOnceWithTheReasonHealthReports() {
        Engine e = start(Engine.builder().name("ev").supervisionEvents(this::record)
                .rootIntensity(0, Duration.ofMinutes(1)).group(group("g", 2).build()));
        e.distributor("g").tellTo(0, "boom");

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(events.get(0)).isInstanceOfSatisfying(SupervisionEvent.Escalation.class, x -> {
            assertThat(x.supervisor()).isEqualTo("root");
            assertThat(x.child()).isEqualTo("group 'g'");
            assertThat(x.parent()).isNull();
            assertThat(x.why()).isEqualTo("exceeded its restart intensity (0 restarts within PT1M)");
            assertThat(x.cause()).hasMessage("boom on slot 0");
        });
        SupervisionEvent.GroupStopped stopped = (SupervisionEvent.GroupStopped) events.get(1);
        assertThat(stopped.group()).isEqualTo("g");
        assertThat(stopped.reason()).startsWith("supervisor 'root' exceeded its restart intensity");
        assertThat(e.health("g")).isEqualTo(new GroupHealth("g", GroupHealth.Status.STOPPED, stopped.reason()));
        // Every slot of the group stops too: the last one's stop must not report the group a second time.
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().stream().allMatch(s -> s.state() == SlotState.STOPPED));
        assertThat(events).hasSize(2);
    }

    @Test
    void aChildSupervisorThatGivesUpEscalatesToItsParentWhichRestarts() {
        Engine e = start(Engine.builder().name("ev").supervisionEvents(this::record)
                .supervisor(SupervisorSpec.builder("sub").intensity(0, Duration.ofMinutes(1))
                        .group(group("g", 1).build()).build()));
        e.distributor("g").tellOne("boom");

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(events.get(0)).isInstanceOfSatisfying(SupervisionEvent.Escalation.class, x -> {
            assertThat(x.supervisor()).isEqualTo("sub");
            assertThat(x.parent()).isEqualTo("root");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(SupervisionEvent.Restart.class,
                r -> assertThat(r.group()).isEqualTo("g"));
    }

    @Test
    void aListenerThatThrowsIsLoggedAndSupervisionGoesOnDeliveringLaterEvents() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Engine e = start(Engine.builder().name("ev").supervisionEvents(ev -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }).group(group("g", 1).build()));
        Distributor<Object, Integer> d = e.distributor("g", Object.class, Integer.class);

        d.tellOne("boom");
        assertThat(d.askOne("after first").get(10, TimeUnit.SECONDS)).isZero();
        d.tellOne("boom");
        assertThat(d.askOne("after second").get(10, TimeUnit.SECONDS)).isZero();
        assertThat(calls).hasValue(2);
        assertThat(e.slots().get(0).restarts()).isEqualTo(2);
        assertThat(e.health("g").status()).isEqualTo(GroupHealth.Status.RUNNING);
    }

    @Test
    void aListenerMayCloseTheEngineFromTheSlotsOwnThread() throws Exception {
        AtomicReference<Engine> engine = new AtomicReference<>();
        CountDownLatch closeReturned = new CountDownLatch(1);
        Engine e = start(Engine.builder().name("ev").supervisionEvents(ev -> {
            engine.get().close();
            closeReturned.countDown();
        }).group(group("g", 1).build()));
        engine.set(e);

        e.distributor("g").tellOne("boom");
        assertThat(closeReturned.await(10, TimeUnit.SECONDS)).as("close() on the slot's thread returned").isTrue();
        assertThat(e.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void eventsArriveAfterSupervisionReleasedItsLock() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Engine> engine = new AtomicReference<>();
            CompletableFuture<List<SupervisorInfo>> readFromAnotherThread = new CompletableFuture<>();
            Engine e = start(Engine.builder().name("ev").supervisionEvents(ev -> {
                // Another thread takes supervision's lock for its snapshot; the listener waits for it.
                CompletableFuture<List<SupervisorInfo>> f = CompletableFuture.supplyAsync(engine.get()::supervisors, other);
                try {
                    readFromAnotherThread.complete(f.get(5, TimeUnit.SECONDS));
                } catch (Exception x) {
                    readFromAnotherThread.completeExceptionally(x);
                }
            }).group(group("g", 1).build()));
            engine.set(e);

            e.distributor("g").tellOne("boom");
            assertThat(readFromAnotherThread.get(10, TimeUnit.SECONDS)).first()
                    .satisfies(root -> assertThat(root.restarts()).isEqualTo(1));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aStalledSlotIsReportedOnTheSchedulerAndAgainWhenItMoves() {
        Engine e = start(Engine.builder().name("ev").supervisionEvents(this::record)
                .group(group("g", 2).stallAfter(Duration.ofMillis(100)).build()));
        e.distributor("g").tellTo(0, "hold");
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(0).backlog() == 1);

        Duration look = Duration.ofMillis(50);
        time.advance(look); // position noted
        time.advance(look); // busy 50 ms
        assertThat(events).isEmpty();
        time.advance(look); // busy 100 ms: stalled
        assertThat(events).containsExactly(new SupervisionEvent.SlotStalled("ev", "g", 0, Duration.ofMillis(100)));
        assertThat(threads).containsExactly(Thread.currentThread().getName()); // ManualScheduler runs tasks here

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(0).backlog() == 0);
        time.advance(look);
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isEqualTo(new SupervisionEvent.SlotRecovered("ev", "g", 0, Duration.ofMillis(150)));
    }

    @Test
    void aSlotAbandonedAtCloseIsReportedAndAListenerThatClosesAgainDoesNotWaitAgain() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch inHandler = new CountDownLatch(1);
        AtomicReference<Engine> engine = new AtomicReference<>();
        Duration closeTimeout = Duration.ofSeconds(1);
        Engine e = Engine.builder().name("ev-stuck").closeTimeout(closeTimeout).supervisionEvents(ev -> {
            record(ev);
            engine.get().close(); // re-entrant, on the closing thread
        }).group(GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> {
            inHandler.countDown();
            while (stuck.getCount() > 0) {
                try {
                    stuck.await();
                } catch (InterruptedException ignoredOnPurpose) {
                    // a handler that ignores interrupts: close() must give up on it
                }
            }
        }).build()).build();
        engine.set(e);
        engines.add(e);
        try {
            e.start();
            e.distributor("g").tellOne("stuck");
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();

            long t0 = System.nanoTime();
            e.close();
            long took = System.nanoTime() - t0;

            assertThat(events).containsExactly(new SupervisionEvent.SlotAbandoned("ev-stuck", "g", 0));
            assertThat(threads).containsExactly(Thread.currentThread().getName());
            // One close timeout and its short grace, not a second timeout for the listener's close().
            assertThat(Duration.ofNanos(took)).isLessThan(closeTimeout.multipliedBy(2));
        } finally {
            stuck.countDown();
        }
    }
}
