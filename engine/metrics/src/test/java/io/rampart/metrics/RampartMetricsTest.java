package io.rampart.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rampart.Backoff;
import io.rampart.Backpressure;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.RingFullException;
import io.rampart.SlotState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link RampartMetrics} on a {@link SimpleMeterRegistry}: every meter it documents is there with its tags, and
 * reads the engine's counts after known traffic (handled, failures and restarts, ring-full refusals, dead letters
 * by reason, the latency distributions' counts).
 */
class RampartMetricsTest {
    private static final int N = 25;

    private final Semaphore done = new Semaphore(0);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Engine engine;

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    private Engine start() {
        engine = Engine.builder().name("binder").deadLetters(dl -> { })
                .group(GroupSpec.builder("work", Object.class).ringSize(4).backpressure(Backpressure.failFast())
                        .backoff(Backoff.none()).recordLatency(true)
                        .handler(() -> (m, ctx) -> {
                            if (m.equals("fail")) {
                                throw new IllegalStateException("planned");
                            }
                            if (m.equals("hold")) {
                                holding.countDown();
                                release.await();
                            }
                            done.release();
                        }).build())
                .group(GroupSpec.builder("plain", Object.class).redundancy(2).handler(() -> (m, ctx) -> { }).build())
                .build();
        engine.start();
        return engine;
    }

    private static double value(MeterRegistry r, String name, String... tags) {
        Meter m = r.get(name).tags(tags).meter();
        return m.measure().iterator().next().getValue();
    }

    @Test
    void registersEveryDocumentedMeterWithItsTags() {
        start();
        MeterRegistry r = new SimpleMeterRegistry();
        new RampartMetrics(engine, Tags.of("engine", "binder"), Duration.ZERO).bindTo(r);

        Set<String> names = r.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).containsExactlyInAnyOrderElementsOf(RampartMetrics.names());
        // Per slot: 2 + 1 slots; per group: the reasons; latency only for "work".
        assertThat(r.find("rampart.slot.handled").meters()).hasSize(3);
        assertThat(r.find("rampart.slot.state").meters()).hasSize(3 * SlotState.values().length);
        assertThat(r.find("rampart.group.dead.letters").meters()).hasSize(2 * DeadLetter.Reason.values().length);
        assertThat(r.find("rampart.slot.queue.wait").meters()).hasSize(1);
        assertThat(r.find("rampart.slot.service.time.percentile").tag("group", "work").meters()).hasSize(3);
        assertThat(r.find("rampart.slot.queue.wait").tag("group", "plain").meters()).isEmpty();
        assertThat(r.getMeters()).allSatisfy(m -> {
            assertThat(m.getId().getTag("engine")).isEqualTo("binder");
            assertThat(m.getId().getTag("group")).isIn("work", "plain");
            assertThat(m.getId().getDescription()).isNotBlank();
        });
        assertThat(value(r, "rampart.slot.state", "group", "plain", "slot", "1", "state", "RUNNING")).isEqualTo(1);
        assertThat(value(r, "rampart.slot.state", "group", "plain", "slot", "1", "state", "STOPPED")).isZero();
    }

    @Test
    void readsTheEnginesCountsAfterKnownTraffic() throws Exception {
        start();
        MeterRegistry r = new SimpleMeterRegistry();
        new RampartMetrics(engine, Tags.empty(), Duration.ZERO).bindTo(r);
        Distributor<Object, Object> work = engine.distributor("work");
        for (int i = 0; i < N; i++) {
            work.tellOne("ok");
            done.acquire();
        }
        work.tellOne("fail");
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1))
                .until(() -> value(r, "rampart.slot.restarts", "group", "work", "slot", "0") == 1
                        && value(r, "rampart.slot.state", "group", "work", "slot", "0", "state", "RUNNING") == 1);
        work.tellOne("hold");
        holding.await();
        for (int i = 0; i < 3; i++) {
            work.tellOne("fill");
        }
        for (int i = 0; i < 2; i++) { // 2 refusals, against 1 failure and 1 restart: each counter is told apart
            assertThatThrownBy(() -> work.tellOne("over")).isInstanceOf(RingFullException.class);
        }
        assertThat(value(r, "rampart.slot.backlog", "group", "work", "slot", "0")).isEqualTo(4);
        release.countDown();
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1))
                .until(() -> value(r, "rampart.slot.handled", "group", "work", "slot", "0") == N + 4);

        assertThat(value(r, "rampart.slot.failures", "group", "work", "slot", "0")).isEqualTo(1);
        assertThat(value(r, "rampart.slot.restarts", "group", "work", "slot", "0")).isEqualTo(1);
        assertThat(value(r, "rampart.slot.ring.full", "group", "work", "slot", "0")).isEqualTo(2);
        assertThat(value(r, "rampart.slot.stalled", "group", "work", "slot", "0")).isZero();
        assertThat(value(r, "rampart.group.dead.letters", "group", "work", "reason", "HANDLER_FAILED")).isEqualTo(1);
        assertThat(value(r, "rampart.group.dead.letters", "group", "work", "reason", "RING_FULL")).isZero();
        assertThat(value(r, "rampart.group.ask.timeouts", "group", "work")).isZero();
        assertThat(value(r, "rampart.group.asks.in.flight", "group", "work")).isZero();
        assertThat(value(r, "rampart.slot.handled", "group", "plain", "slot", "0")).isZero();

        // Every message ran once: N + fail + hold + 3 fills.
        FunctionTimer wait = r.get("rampart.slot.queue.wait").tags("group", "work", "slot", "0").functionTimer();
        assertThat(wait.count()).isEqualTo(N + 5);
        assertThat(wait.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        FunctionTimer service = r.get("rampart.slot.service.time").tags("group", "work", "slot", "0").functionTimer();
        assertThat(service.count()).isEqualTo(N + 5);
        double max = value(r, "rampart.slot.service.time.max", "group", "work", "slot", "0");
        double p50 = value(r, "rampart.slot.service.time.percentile", "group", "work", "slot", "0", "percentile", "0.5");
        assertThat(max).isPositive().isGreaterThanOrEqualTo(p50);
        assertThat(p50).isPositive();
    }

    @Test
    void oneReadOfTheEngineServesEveryMeterWithinTheRefreshInterval() throws Exception {
        start();
        MeterRegistry r = new SimpleMeterRegistry();
        new RampartMetrics(engine, Tags.empty(), Duration.ofHours(1)).bindTo(r);
        assertThat(value(r, "rampart.slot.handled", "group", "work", "slot", "0")).isZero();
        engine.distributor("work").tellOne("ok");
        done.acquire();
        // Within the hour the snapshot stands; a binder with no interval sees the message.
        assertThat(value(r, "rampart.slot.handled", "group", "work", "slot", "0")).isZero();
        MeterRegistry fresh = new SimpleMeterRegistry();
        new RampartMetrics(engine).bindTo(fresh);
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1))
                .until(() -> value(fresh, "rampart.slot.handled", "group", "work", "slot", "0") == 1);
        assertThat(List.of(RampartMetrics.DEFAULT_REFRESH)).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aNegativeRefreshIsRefused() {
        start();
        assertThatThrownBy(() -> new RampartMetrics(engine, Tags.empty(), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshSlotsRegistersAddedSlotsAndRemovesRemovedOnes() {
        start();
        MeterRegistry r = new SimpleMeterRegistry();
        RampartMetrics metrics = new RampartMetrics(engine, Tags.empty(), Duration.ZERO);
        metrics.bindTo(r);
        assertThat(r.find("rampart.slot.handled").tag("group", "work").meters()).hasSize(1);

        engine.resize("work", 3);
        assertThat(r.find("rampart.slot.handled").tag("group", "work").meters()).as("not until refreshSlots()").hasSize(1);
        metrics.refreshSlots();
        assertThat(r.find("rampart.slot.handled").tag("group", "work").meters()).hasSize(3);
        assertThat(r.find("rampart.slot.queue.wait").tag("group", "work").meters()).hasSize(3);
        assertThat(value(r, "rampart.slot.state", "group", "work", "slot", "2", "state", "RUNNING")).isEqualTo(1);

        engine.resize("plain", 1);
        assertThat(value(r, "rampart.slot.backlog", "group", "plain", "slot", "1")).as("removed, not yet refreshed").isNaN();
        metrics.refreshSlots();
        assertThat(r.find("rampart.slot.handled").tag("group", "plain").meters()).hasSize(1);
        assertThat(r.find("rampart.slot.state").tag("group", "plain").tag("slot", "1").meters()).isEmpty();
        assertThat(r.find("rampart.slot.handled").meters()).hasSize(4);
    }
}
