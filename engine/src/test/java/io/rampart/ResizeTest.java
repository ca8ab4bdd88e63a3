package io.rampart;

import io.rampart.balance.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Engine#resize(String, int)}: growing appends indices, shrinking removes the highest ones and
 * lets them drain in order with their own handler, bad sizes are refused at the call, a failing
 * factory adds nothing, a removed restarting slot waits out its backoff, and every thread ends.
 */
class ResizeTest {
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory counting = r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        threads.add(t);
        return t;
    };
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private GroupSpec.Builder<Object, Integer> group(int slots) {
        return GroupSpec.builder("g", Object.class).answers(Integer.class).redundancy(slots)
                .loadBalancer(LoadBalancer.roundRobin())
                .handler(() -> (message, ctx) -> {
                    if (message.equals("hold")) {
                        release.await();
                    }
                    if (message.equals("fail")) {
                        throw new IllegalStateException("planned failure on slot " + ctx.slot());
                    }
                    handled.add(ctx.slot() + ":" + message);
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot());
                    }
                });
    }

    private Engine start(GroupSpec<?, ?> spec, Scheduler scheduler) {
        Engine.Builder b = Engine.builder().name("resize").threadFactory(counting).deadLetters(dead::add)
                .supervisionEvents(events::add).group(spec);
        if (scheduler != null) {
            b.scheduler(scheduler);
        }
        Engine engine = b.build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private static List<Integer> indices(Engine engine) {
        return engine.slots().stream().map(SlotInfo::slot).toList();
    }

    @Test
    void growingAppendsIndicesAndShrinkingDrainsTheRemovedSlotsInOrderWithTheirOwnHandler() throws Exception {
        Engine engine = start(group(2).build(), null);
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);

        assertThat(engine.resize("g", 4)).isEqualTo(2);
        assertThat(indices(engine)).containsExactly(0, 1, 2, 3);
        assertThat(g.redundancy()).isEqualTo(4);
        assertThat(engine.metrics("g").slots()).hasSize(4);
        for (int s = 0; s < 4; s++) {
            assertThat(g.askTo(s, "who").get(10, TimeUnit.SECONDS)).isEqualTo(s);
        }

        // Slot 3 is busy; ten messages queue behind it; then it is removed.
        g.tellTo(3, "hold");
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            g.tellTo(3, "q" + i);
            queued.add("3:q" + i);
        }
        assertThat(engine.resize("g", 2)).isEqualTo(4);
        assertThat(indices(engine)).containsExactly(0, 1);
        assertThat(engine.health("g").status()).isEqualTo(GroupHealth.Status.RUNNING);
        assertThatThrownBy(() -> g.tellTo(3, "late")).isInstanceOf(SlotUnavailableException.class)
                .hasMessageContaining("slot 3 of group 'g' was removed by a resize: the group has 2 slots now (0..1)");
        assertThatThrownBy(() -> g.askTo(2, "late").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SlotUnavailableException.class);
        assertThatThrownBy(() -> g.tellTo(4, "never")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'g' has no slot 4: its slots are 0..1");
        for (int i = 0; i < 20; i++) {
            g.tellOne("after" + i); // only the members take them
        }

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.stream().filter(h -> h.startsWith("3:q")).count() == 10
                && handled.stream().filter(h -> h.contains(":after")).count() == 20);
        assertThat(handled.stream().filter(h -> h.startsWith("3:q"))).as("the removed slot's queue, in order, on it")
                .containsExactlyElementsOf(queued);
        assertThat(handled.stream().filter(h -> h.contains(":after"))).allMatch(h -> h.startsWith("0:") || h.startsWith("1:"));
        assertThat(dead).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream().filter(Thread::isAlive).count() == 3); // 2 slots + timer
        assertThat(events).filteredOn(e -> e instanceof SupervisionEvent.GroupResized).map(e -> (SupervisionEvent.GroupResized) e)
                .extracting(SupervisionEvent.GroupResized::from, SupervisionEvent.GroupResized::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 4), org.assertj.core.groups.Tuple.tuple(4, 2));

        // Grow again: index 2 and 3 are new slots, with new handlers and empty rings.
        engine.resize("g", 4);
        assertThat(g.askTo(3, "again").get(10, TimeUnit.SECONDS)).isEqualTo(3);
        engine.close();
        assertThat(threads).as("every thread the engine started has ended").noneMatch(Thread::isAlive);
    }

    @Test
    void badSizesAreRefusedAtTheCall() {
        GroupSpec<Object, Integer> spec = group(2).resizer(Resizer.byBacklog(1, 3, 8, 1)).build();
        Engine notStarted = Engine.builder().group(spec).build();
        engines.add(notStarted);
        assertThatThrownBy(() -> notStarted.resize("g", 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        Engine engine = start(spec, null);
        assertThatThrownBy(() -> engine.resize("g", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 'g' cannot be resized to 0 slots: a group keeps at least 1 (shut the engine down to stop it)");
        assertThatThrownBy(() -> engine.resize("g", 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 'g' cannot be resized to 4 slots: its resizer's bounds are 1..3");
        assertThatThrownBy(() -> engine.resize("nope", 2)).isInstanceOf(NoSuchGroupException.class);
        assertThatThrownBy(() -> engine.resize(null, 2)).isInstanceOf(NullPointerException.class);
        assertThat(engine.resize("g", 2)).as("nothing to do").isEqualTo(2);
        assertThatThrownBy(() -> group(5).resizer(Resizer.byBacklog(1, 3, 8, 1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("group 'g': redundancy 5 lies outside its resizer's bounds 1..3");
        assertThatThrownBy(() -> Resizer.byBacklog(0, 3, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower bound must be at least 1");
        assertThatThrownBy(() -> Resizer.byBacklog(2, 1, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper bound 1 is below the lower bound 2");
        assertThatThrownBy(() -> Resizer.byBacklog(1, 2, 1, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shrinkBelow (8) must not be above growAbove (1)");
        engine.close();
        assertThatThrownBy(() -> engine.resize("g", 3)).isInstanceOf(EngineClosedException.class);
    }

    @Test
    void aFailingFactoryAddsNoSlotAndTheCallerGetsTheCause() throws Exception {
        AtomicInteger made = new AtomicInteger();
        GroupSpec<Object, Object> spec = GroupSpec.builder("g", Object.class).redundancy(2).handler(() -> {
            if (made.incrementAndGet() == 4) {
                throw new IllegalStateException("no connection for handler 4");
            }
            return (message, ctx) -> handled.add(ctx.slot() + ":" + message);
        }).build();
        Engine engine = start(spec, null);
        assertThatThrownBy(() -> engine.resize("g", 4)).isInstanceOf(RampartException.class)
                .hasMessageMatching("group 'g' was not resized from 2 to 4 slots: the handler factory failed for slot [23]")
                .hasRootCauseMessage("no connection for handler 4");
        assertThat(indices(engine)).containsExactly(0, 1);
        assertThat(events).noneMatch(e -> e instanceof SupervisionEvent.GroupResized);
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream().filter(Thread::isAlive).count() == 3);
        assertThat(engine.resize("g", 4)).as("the factory works again").isEqualTo(2);
        engine.distributor("g").tellTo(3, "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("3:x"));
        engine.close();
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    @Test
    void aRemovedRestartingSlotWaitsOutItsBackoffThenDrainsItsQueueInOrder() throws Exception {
        ManualScheduler time = new ManualScheduler();
        GroupSpec<Object, Integer> spec = group(2).backoff(Backoff.linear(Duration.ofSeconds(1))).build();
        Engine engine = start(spec, time);
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        g.tellTo(1, "hold");
        g.tellTo(1, "fail");
        for (int i = 0; i < 5; i++) {
            g.tellTo(1, "q" + i);
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(1).state() == SlotState.RESTARTING);

        engine.resize("g", 1);
        assertThat(indices(engine)).containsExactly(0);
        assertThat(handled).noneMatch(h -> h.contains(":q"));
        time.advance(Duration.ofSeconds(1)); // the backoff ends: a new handler drains the queue
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.stream().filter(h -> h.contains(":q")).count() == 5);
        assertThat(handled).filteredOn(h -> h.contains(":q")).containsExactly("1:q0", "1:q1", "1:q2", "1:q3", "1:q4");
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream().filter(Thread::isAlive).count() == 2);
        engine.close();
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(dead).filteredOn(d -> d.message().equals("fail")).hasSize(1); // the failing one, out of retries
    }

    @Test
    void closeDuringAStuckRemovedSlotNamesAndAbandonsIt() {
        Engine engine = Engine.builder().name("resize").threadFactory(counting).deadLetters(dead::add)
                .supervisionEvents(events::add).closeTimeout(Duration.ofMillis(300)).group(group(2).build()).build();
        engines.add(engine);
        engine.start();
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        g.tellTo(1, "hold");
        g.tellTo(1, "queued");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(1).backlog() == 2);
        engine.resize("g", 1);
        engine.close(); // slot 1 is stuck in "hold": given up on at the deadline, interrupted (its await then throws)
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(engine::isTerminated);
        assertThat(dead).filteredOn(d -> d.reason() == DeadLetter.Reason.ENGINE_CLOSED).extracting(DeadLetter::message)
                .containsExactly("queued");
        assertThat(events).anyMatch(e -> e instanceof SupervisionEvent.SlotAbandoned a && a.slot() == 1);
        assertThat(threads).noneMatch(Thread::isAlive);
    }
}
