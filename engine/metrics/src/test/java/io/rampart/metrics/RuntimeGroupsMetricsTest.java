package io.rampart.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The binder and groups added and removed at run time: bindTo again binds an added group's meters, a removed
 * group's meters read NaN instead of failing a scrape, and a group added again under that name is read by them.
 */
class RuntimeGroupsMetricsTest {
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static GroupSpec<Object, Object> group(String name, int redundancy) {
        return GroupSpec.builder(name, Object.class).redundancy(redundancy).recordLatency(true)
                .handler(() -> (m, ctx) -> { }).build();
    }

    @Test
    void addedGroupsAreBoundByBindingAgainAndRemovedOnesReadNaN() {
        engine = Engine.builder().name("runtime-binder").group(group("base", 1)).build();
        engine.start();
        MeterRegistry r = new SimpleMeterRegistry();
        RampartMetrics binder = new RampartMetrics(engine, java.util.List.of(), Duration.ZERO);
        binder.bindTo(r);

        engine.addGroup(group("late", 2)).tellOne("x");
        assertThat(r.find("rampart.slot.handled").tag("group", "late").meters()).isEmpty(); // not yet bound
        binder.bindTo(r);
        assertThat(r.find("rampart.slot.handled").tag("group", "late").meters()).hasSize(2);
        assertThat(r.find("rampart.slot.handled").tag("group", "base").meters()).hasSize(1); // not twice
        await().until(() -> r.find("rampart.slot.handled").tag("group", "late").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum() == 1.0);

        engine.removeGroup("late");
        assertThat(r.get("rampart.slot.handled").tag("group", "late").tag("slot", "0").functionCounter().count()).isNaN();
        assertThat(r.get("rampart.slot.backlog").tag("group", "late").tag("slot", "1").gauge().value()).isNaN();
        assertThat(r.get("rampart.slot.queue.wait").tag("group", "late").tag("slot", "0").functionTimer()
                .totalTime(java.util.concurrent.TimeUnit.SECONDS)).isNaN();
        assertThat(r.get("rampart.group.asks.in.flight").tag("group", "late").gauge().value()).isNaN();
        assertThat(r.get("rampart.slot.handled").tag("group", "base").functionCounter().count()).isZero();

        engine.addGroup(group("late", 1)); // the name again, one slot: slot 1's meters still read NaN
        assertThat(r.get("rampart.slot.handled").tag("group", "late").tag("slot", "0").functionCounter().count()).isZero();
        assertThat(r.get("rampart.slot.handled").tag("group", "late").tag("slot", "1").functionCounter().count()).isNaN();
    }
}
