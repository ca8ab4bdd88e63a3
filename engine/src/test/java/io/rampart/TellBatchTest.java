package io.rampart;

import io.rampart.balance.LoadBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Distributor#tellBatch}: one claim per slot for its share, all of it or none of it; what the
 * caller learns when only some slots take their share; nothing refused is half-accepted or
 * dead-lettered.
 */
class TellBatchTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final Map<Integer, List<String>> handled = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private Engine engine;

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    /** Messages "a…" go to slot 0, "b…" to slot 1; "hold" holds slot 0's handler until released. */
    private static final LoadBalancer BY_LETTER = (m, slots) -> ((String) m).startsWith("b") ? 1 : 0;

    private Distributor<Object, Object> start(int slots, int ringSize, LoadBalancer balancer) {
        engine = Engine.builder().name("batch-publish").deadLetters(dead::add)
                .group(GroupSpec.builder("g", String.class).redundancy(slots).ringSize(ringSize)
                        .backpressure(Backpressure.failFast()).loadBalancer(balancer)
                        .handler(() -> (m, ctx) -> {
                            if (m.equals("hold")) {
                                entered.countDown();
                                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                            }
                            handled.computeIfAbsent(ctx.slot(), k -> new CopyOnWriteArrayList<>()).add(m);
                        }).build())
                .build();
        engine.start();
        return engine.distributor("g");
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void everySlotTakesItsShareInTheCallersOrder() {
        Distributor<Object, Object> d = start(2, 64, BY_LETTER);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add("a" + i);
            batch.add("b" + i);
        }
        BatchResult r = d.tellBatch(batch);

        assertThat(r.allAccepted()).isTrue();
        assertThat(r.accepted()).isEqualTo(100);
        assertThat(r.acceptedBy(0)).isEqualTo(50);
        assertThat(r.acceptedBy(1)).isEqualTo(50);
        await().until(() -> handled.values().stream().mapToInt(List::size).sum() == 100);
        assertThat(handled.get(0)).containsExactlyElementsOf(numbered("a", 50));
        assertThat(handled.get(1)).containsExactlyElementsOf(numbered("b", 50));
        assertThatThrownBy(() -> r.acceptedBy(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShareIsTakenWholeOrNotAtAllAndTheCallerGetsTheRefusedBackInOrder() throws Exception {
        Distributor<Object, Object> d = start(1, 8, BY_LETTER);
        d.tellOne("hold");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // its entry stays claimed: 7 free

        BatchResult tooBig = d.tellBatch(numbered("a", 10)); // larger than the ring: 8, then 2
        assertThat(tooBig.accepted()).isZero();
        assertThat(tooBig.refused()).containsExactlyElementsOf(numbered("a", 10));

        BatchResult five = d.tellBatch(numbered("f", 5));
        assertThat(five.accepted()).isEqualTo(5);

        BatchResult three = d.tellBatch(numbered("t", 3)); // 2 free: none, not 2 of 3
        assertThat(three.accepted()).isZero();
        assertThat(three.refused()).containsExactlyElementsOf(numbered("t", 3));

        release.countDown();
        List<String> expected = new ArrayList<>(List.of("hold"));
        expected.addAll(numbered("f", 5));
        await().until(() -> handled.getOrDefault(0, List.of()).size() == 6);
        assertThat(engine.slots().get(0).backlog()).isZero();
        assertThat(handled.get(0)).containsExactlyElementsOf(expected);
        assertThat(dead).isEmpty(); // refused is not dead-lettered, whatever the policy
    }

    @Test
    void whenOneSlotIsFullTheOthersStillTakeTheirSharesAndTheResultSaysWhich() throws Exception {
        Distributor<Object, Object> d = start(2, 2, BY_LETTER);
        d.tellOne("hold");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        d.tellOne("a-filler"); // slot 0's ring (2) is now full

        BatchResult r = d.tellBatch(List.of("a1", "b1", "a2", "b2"));

        assertThat(r.acceptedBy(0)).isZero();
        assertThat(r.acceptedBy(1)).isEqualTo(2);
        assertThat(r.refused()).containsExactly("a1", "a2");
        assertThat(r.allAccepted()).isFalse();
        await().until(() -> handled.getOrDefault(1, List.of()).size() == 2);
        assertThat(handled.get(1)).containsExactly("b1", "b2");
        release.countDown();
        await().until(() -> handled.getOrDefault(0, List.of()).size() == 2);
        assertThat(handled.get(0)).containsExactly("hold", "a-filler");
        assertThat(dead).isEmpty();
    }

    @Test
    void aNullMessageSendsNothing() {
        Distributor<Object, Object> d = start(1, 8, BY_LETTER);
        List<String> withNull = new ArrayList<>(List.of("a1"));
        withNull.add(null);
        assertThatThrownBy(() -> d.tellBatch(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message 1");
        assertThat(engine.slots().get(0).handled()).isZero();
    }
}
