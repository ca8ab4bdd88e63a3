package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Engine.health(group): running, degraded (which slots, why) and stopped (why), on virtual time. */
class GroupHealthTest {
    private final ManualScheduler time = new ManualScheduler();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private Engine build(GroupSpec.Builder<Object, Object> group) {
        Engine e = Engine.builder().name("h").scheduler(time).supervisionEvents(events::add)
                .group(group.handler(() -> (m, ctx) -> {
                    if ("boom".equals(m)) {
                        throw new IllegalStateException("boom");
                    }
                    if ("hold".equals(m)) {
                        release.await();
                    }
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot());
                    }
                }).build()).build();
        engines.add(e);
        return e;
    }

    private static GroupSpec.Builder<Object, Object> group(int slots) {
        return GroupSpec.builder("g", Object.class).redundancy(slots);
    }

    private static GroupHealth health(GroupHealth.Status status, String reason) {
        return new GroupHealth("g", status, reason);
    }

    @Test
    void runningWhenEverySlotRunsDegradedBeforeStartStoppedOnceClosed() {
        Engine e = build(group(2));
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.DEGRADED, "slot 0 NEW, slot 1 NEW"));
        e.start();
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.RUNNING, null));
        e.close();
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.STOPPED, "engine 'h' is closed"));
    }

    @Test
    void degradedWhileASlotRestartsThenRunningAgain() throws Exception {
        Engine e = build(group(2).backoff(Backoff.linear(Duration.ofSeconds(1))));
        e.start();
        e.distributor("g").tellTo(1, "boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(1).state() == SlotState.RESTARTING);
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.DEGRADED, "slot 1 RESTARTING"));

        time.advance(Duration.ofSeconds(1)); // the backoff, on virtual time
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(1).state() == SlotState.RUNNING);
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.RUNNING, null));
    }

    @Test
    void degradedWhileASlotIsStalled() {
        Engine e = build(group(2).stallAfter(Duration.ofMillis(100)));
        e.start();
        e.distributor("g").tellTo(0, "hold");
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(0).backlog() == 1);
        for (int i = 0; i < 3; i++) {
            time.advance(Duration.ofMillis(50));
        }
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.DEGRADED, "slot 0 stalled"));

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(0).backlog() == 0);
        time.advance(Duration.ofMillis(50));
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.RUNNING, null));
    }

    @Test
    void degradedWithOneSlotStoppedForGoodThenStoppedWithWhyWhenTheLastOneStops() throws Exception {
        Engine e = build(group(2).restart(RestartPolicy.never()));
        e.start();
        Distributor<Object, Object> d = e.distributor("g");
        d.tellTo(0, "boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> e.slots().get(0).state() == SlotState.STOPPED);
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.DEGRADED, "slot 0 STOPPED"));
        assertThat(d.askOne("still served").get(10, TimeUnit.SECONDS)).isEqualTo(1);

        d.tellTo(1, "boom");
        String why = "every slot stopped for good (restart policy " + RestartPolicy.never() + ")";
        await().atMost(Duration.ofSeconds(10)).until(() -> e.health("g").status() == GroupHealth.Status.STOPPED);
        assertThat(e.health("g")).isEqualTo(health(GroupHealth.Status.STOPPED, why));
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events).containsExactly(new SupervisionEvent.GroupStopped("h", "g", why));
    }

    @Test
    void anUnknownGroupIsAnErrorThatNamesTheGroups() {
        Engine e = build(group(1));
        assertThatThrownBy(() -> e.health("nope")).isInstanceOf(NoSuchGroupException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> e.health(null)).isInstanceOf(NullPointerException.class);
    }
}
