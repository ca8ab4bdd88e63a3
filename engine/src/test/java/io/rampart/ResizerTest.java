package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link Resizer} on virtual time: grows only after k over samples in a row, shrinks only after m
 * under samples in a row, decides nothing during its cool-down, stays within its bounds, and says
 * each decision as a {@link SupervisionEvent.GroupResized}.
 */
class ResizerTest {
    private static final Duration SAMPLE = Duration.ofMillis(100);

    private final ManualScheduler time = new ManualScheduler();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<SupervisionEvent.GroupResized> resized = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private Engine start(Resizer resizer) {
        GroupSpec<Object, Object> spec = GroupSpec.builder("g", Object.class).redundancy(1).resizer(resizer)
                .handler(() -> (message, ctx) -> {
                    if (message.equals("hold")) {
                        release.await();
                    }
                }).build();
        Engine engine = Engine.builder().scheduler(time).supervisionEvents(e -> {
            if (e instanceof SupervisionEvent.GroupResized r) {
                resized.add(r);
            }
        }).group(spec).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private void samples(int n) {
        for (int i = 0; i < n; i++) {
            time.advance(SAMPLE);
        }
    }

    @Test
    void growsAfterKOverSamplesShrinksAfterMUnderSamplesWithACoolDownWithinItsBounds() {
        Engine engine = start(Resizer.byBacklog(1, 3, 4, 1).sampleEvery(SAMPLE).growAfter(2).shrinkAfter(3)
                .coolDown(Duration.ofMillis(500)));
        Distributor<Object, Object> g = engine.distributor("g");
        g.tellTo(0, "hold");
        for (int i = 0; i < 11; i++) {
            g.tellTo(0, "q" + i); // a backlog of 12 on slot 0
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 12);

        samples(1);
        assertThat(resized).as("one over sample is not enough").isEmpty();
        samples(1);
        assertThat(resized).extracting(SupervisionEvent.GroupResized::to).containsExactly(2);
        assertThat(resized.get(0).reason()).startsWith("resizer: mean backlog 12.0 per slot above 4 in 2 samples in a row");
        samples(4); // mean 6 > 4: over, but within the 500 ms cool-down
        assertThat(resized).hasSize(1);
        samples(1); // 500 ms after the grow
        assertThat(resized).extracting(SupervisionEvent.GroupResized::to).containsExactly(2, 3);
        samples(10); // still over (mean 4 is not above 4: in the band), and at the upper bound anyway
        assertThat(resized).hasSize(2);
        assertThat(engine.slots()).hasSize(3);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().stream().allMatch(s -> s.backlog() == 0));
        samples(2);
        assertThat(resized).as("two under samples are not enough").hasSize(2);
        samples(1);
        assertThat(resized).extracting(SupervisionEvent.GroupResized::to).containsExactly(2, 3, 2);
        samples(4); // under, within the cool-down
        assertThat(resized).hasSize(3);
        samples(1);
        assertThat(resized).extracting(SupervisionEvent.GroupResized::to).containsExactly(2, 3, 2, 1);
        samples(20); // at the lower bound
        assertThat(resized).hasSize(4);
        assertThat(engine.slots()).hasSize(1);
    }

    @Test
    void aSampleInTheBandStartsTheCountAgain() {
        Engine engine = start(Resizer.byBacklog(1, 3, 4, 0).sampleEvery(SAMPLE).growAfter(3).coolDown(Duration.ZERO));
        Distributor<Object, Object> g = engine.distributor("g");
        g.tellTo(0, "hold");
        for (int i = 0; i < 5; i++) {
            g.tellTo(0, "q" + i); // backlog 6: over
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 6);
        samples(2);
        engine.resize("g", 2); // by hand: mean 3 is in the band (0..4)
        samples(1);
        engine.resize("g", 1); // back to mean 6: the count starts from 0
        samples(2);
        assertThat(resized).extracting(SupervisionEvent.GroupResized::reason).noneMatch(r -> r.startsWith("resizer"));
        samples(1);
        assertThat(resized).filteredOn(r -> r.reason().startsWith("resizer")).extracting(SupervisionEvent.GroupResized::to)
                .containsExactly(2);
    }

    /** A group added while the engine runs gets its resizer too, and a removed group's resizer stops. */
    @Test
    void aGroupAddedAtRunTimeIsResizedAndItsResizerStopsWhenItIsRemoved() {
        Engine engine = Engine.builder().scheduler(time).supervisionEvents(e -> {
            if (e instanceof SupervisionEvent.GroupResized r) {
                resized.add(r);
            }
        }).group(GroupSpec.builder("other", Object.class).handler(() -> (m, ctx) -> { }).build()).build();
        engines.add(engine);
        engine.start();
        Distributor<Object, Object> g = engine.addGroup(GroupSpec.builder("added", Object.class).redundancy(1)
                .resizer(Resizer.byBacklog(1, 2, 2, 0).sampleEvery(SAMPLE).growAfter(1))
                .handler(() -> (message, ctx) -> {
                    if (message.equals("hold")) {
                        release.await();
                    }
                }).build());
        g.tellTo(0, "hold");
        for (int i = 0; i < 4; i++) {
            g.tellTo(0, "q" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.metrics("added").slots().get(0).backlog() == 5);
        samples(1);
        assertThat(resized).extracting(SupervisionEvent.GroupResized::group).containsExactly("added");
        assertThat(engine.metrics("added").slots()).hasSize(2);

        release.countDown();
        assertThat(engine.removeGroup("added")).isTrue();
        int pending = time.pending();
        samples(3);
        assertThat(time.pending()).as("the removed group's resizer is not rescheduled").isLessThan(pending);
        assertThat(resized).hasSize(1);
    }
}
