package io.rampart;

import io.rampart.balance.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Head-of-line protection: when the chosen slot's ring is full, a send goes to the running slot with
 * the most room before backpressure applies, for the balancers that promise a spread; consistent
 * hashing keeps a key on its slot. Slot 0 is stuck in its handler (on a latch) with a full ring;
 * backpressure is failFast, so a send that did not spill would throw at once.
 */
class HeadOfLineTest {
    private static final int RING = 8;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean slot0Blocks = new AtomicBoolean(true);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private Engine start(LoadBalancer balancer) {
        Engine engine = Engine.builder().deadLetters(dead::add)
                .group(GroupSpec.builder("g", Object.class).answers(Integer.class).redundancy(2).ringSize(RING).loadBalancer(balancer)
                        .backpressure(Backpressure.failFast())
                        .handler(() -> (message, ctx) -> {
                            if (ctx.slot() == 0 && slot0Blocks.get()) {
                                release.await();
                            }
                            handled.add(ctx.slot() + ":" + message);
                            if (ctx.isAsk()) {
                                ctx.reply(ctx.slot());
                            }
                        }).build())
                .build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private static long backlog(Engine engine, int slot) {
        return engine.slots().get(slot).backlog();
    }

    @Test
    void aStuckSlotsTurnsGoToTheSlotWithRoomInsteadOfBeingRefused() throws Exception {
        Engine engine = start(LoadBalancer.roundRobin());
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        for (int i = 0; i < 2 * RING; i++) { // round robin: RING each; slot 0's first one sticks in its handler
            g.tellOne("fill-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog(engine, 0) == RING && backlog(engine, 1) == 0);

        for (int i = 0; i < 20; i++) { // half of these are slot 0's turn: each spills to slot 1
            assertThat(g.askOne("ask-" + i).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(g.tryTellOne("try-0")).as("tryTellOne spills too, without waiting").isTrue();
        assertThat(g.tryTellOne("try-1")).isTrue();

        release.countDown();
        int sent = 2 * RING + 20 + 2;
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == sent);
        assertThat(handled.stream().filter(h -> h.startsWith("0:"))).hasSize(RING);
        assertThat(handled).doesNotHaveDuplicates().filteredOn(h -> h.contains("ask-")).allMatch(h -> h.startsWith("1:"));
        assertThat(dead).isEmpty();
    }

    @Test
    void consistentHashingKeepsAKeyOnItsSlotAndRefusesWhenThatRingIsFull() throws Exception {
        Function<String, Object> key = message -> message.substring(0, message.indexOf('/'));
        Engine engine = start(LoadBalancer.consistentHash(key));
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        slot0Blocks.set(false);
        String key0 = null;
        for (int k = 0; key0 == null; k++) { // find a key whose slot is 0
            if (g.askOne("k" + k + "/probe").get(10, TimeUnit.SECONDS) == 0) {
                key0 = "k" + k;
            }
        }
        // The probe's answer completes inside the handler, before the slot releases the probe's place in
        // its ring: wait for that, or the ring holds RING - 1 free places and the fill below is refused.
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog(engine, 0) == 0);
        handled.clear();
        slot0Blocks.set(true);
        for (int i = 0; i < RING; i++) {
            g.tellOne(key0 + "/" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog(engine, 0) == RING);

        String k0 = key0;
        assertThatThrownBy(() -> g.tellOne(k0 + "/over")).isInstanceOf(RingFullException.class);
        assertThat(g.tryTellOne(k0 + "/over")).isFalse();
        assertThat(backlog(engine, 1)).as("slot 1 idle: the key did not move").isZero();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == RING);
        assertThat(handled).allMatch(h -> h.startsWith("0:" + k0 + "/"));
    }

    @Test
    void theBalancersSayWhetherTheySpill() {
        assertThat(LoadBalancer.roundRobin().spillsOver()).isTrue();
        assertThat(LoadBalancer.random().spillsOver()).isTrue();
        assertThat(LoadBalancer.leastLoaded().spillsOver()).isTrue();
        assertThat(LoadBalancer.powerOfTwoChoices().spillsOver()).isTrue();
        assertThat(LoadBalancer.consistentHash(m -> m).spillsOver()).isFalse();
        LoadBalancer custom = (message, slots) -> 0;
        assertThat(custom.spillsOver()).as("a custom balancer keeps its own promise unless it says otherwise").isFalse();
    }

    @Test
    void aBalancerThatDoesNotSpillIsRefusedAtOnceUnderFailFast() throws Exception {
        LoadBalancer rr = LoadBalancer.roundRobin();
        Engine engine = start((message, slots) -> rr.select(message, slots)); // same picks, spillsOver() false
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        for (int i = 0; i < 2 * RING; i++) {
            g.tellOne("fill-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog(engine, 0) == RING && backlog(engine, 1) == 0);
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            try {
                g.tellOne("more-" + i);
            } catch (RingFullException e) {
                refused++;
            }
        }
        assertThat(refused).as("slot 0's turns, refused while slot 1 had room").isEqualTo(2);
    }
}
