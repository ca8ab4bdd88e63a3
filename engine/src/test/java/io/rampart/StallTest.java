package io.rampart;

import io.rampart.balance.LoadBalancer;
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

/**
 * Stall detection on virtual time: a handler busy on one message past the group's threshold is
 * reported stalled and routed around until it moves; its queued messages wait for it; nothing is
 * lost. The watch looks every half threshold (50 ms here) when the test moves time.
 */
class StallTest {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    private static final Duration LOOK = Duration.ofMillis(50);

    private final ManualScheduler time = new ManualScheduler();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private Engine start(int slots, boolean watched) {
        GroupSpec.Builder<Object, Integer> spec = GroupSpec.builder("g", Object.class).answers(Integer.class).redundancy(slots).loadBalancer(LoadBalancer.roundRobin())
                .handler(() -> (message, ctx) -> {
                    if (message.equals("hold")) {
                        release.await();
                    }
                    handled.add(ctx.slot() + ":" + message);
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot());
                    }
                });
        if (watched) {
            spec.stallAfter(THRESHOLD);
        }
        Engine engine = Engine.builder().scheduler(time).group(spec.build()).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private static boolean stalled(Engine engine, int slot) {
        return engine.slots().get(slot).stalled();
    }

    @Test
    void aSlotBusyPastTheThresholdIsReportedAndRoutedAroundUntilItMovesAgain() throws Exception {
        Engine engine = start(2, true);
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        g.tellTo(0, "hold");
        g.tellTo(0, "queued");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 2);

        time.advance(LOOK); // first look: busy, position noted
        time.advance(LOOK); // 50 ms busy: not yet
        assertThat(stalled(engine, 0)).isFalse();
        time.advance(LOOK); // 100 ms busy: stalled
        assertThat(stalled(engine, 0)).isTrue();
        assertThat(stalled(engine, 1)).isFalse();

        for (int i = 0; i < 10; i++) { // round robin would give slot 0 half of these
            assertThat(g.askOne("ask-" + i).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 0);
        time.advance(LOOK); // it moved: no longer stalled
        assertThat(stalled(engine, 0)).isFalse();
        assertThat(handled).contains("0:hold", "0:queued").hasSize(12).doesNotHaveDuplicates();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slots.add(g.askOne("after-" + i).get(10, TimeUnit.SECONDS));
        }
        assertThat(slots).as("back in the rotation").contains(0, 1);
    }

    @Test
    void whenEveryRunningSlotIsStalledSendsQueueInsteadOfBeingRefused() throws Exception {
        Engine engine = start(1, true);
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        g.tellOne("hold");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 1);
        time.advance(LOOK);
        time.advance(LOOK);
        time.advance(LOOK);
        assertThat(stalled(engine, 0)).isTrue();

        g.tellOne("waits");
        var answer = g.askOne("asks");
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(handled).containsExactly("0:hold", "0:waits", "0:asks");
    }

    @Test
    void withoutAThresholdNothingIsEverStalled() {
        Engine engine = start(2, false);
        engine.distributor("g", Object.class, Integer.class).tellTo(0, "hold");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() == 1);
        time.advance(Duration.ofSeconds(10));
        assertThat(stalled(engine, 0)).isFalse();
        assertThat(time.pending()).as("no watch scheduled").isZero();
    }

    @Test
    void aThresholdMustBePositive() {
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).stallAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'g': stall threshold must be positive");
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).stallAfter(null)).isInstanceOf(NullPointerException.class);
    }
}
