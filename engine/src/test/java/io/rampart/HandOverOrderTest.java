package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.internal.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slot that stops for good hands its queue over in order to one running slot, so one sender's
 * messages keep their order (the per-sender guarantee), however the balancer would spread new ones.
 */
class HandOverOrderTest {
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private Engine engine;

    /**
     * A group that never restarts: "gate" holds a handler until the test opens the gate, "crash"
     * stops its slot for good, anything else is recorded as "slot:message".
     */
    private Distributor<Object, Object> start(int slots, LoadBalancer balancer) {
        engine = Engine.builder().deadLetters(dead::add)
                .group(GroupSpec.builder("g", String.class).redundancy(slots).restart(RestartPolicy.never())
                        .loadBalancer(balancer)
                        .handler(() -> (m, ctx) -> {
                            if (m.equals("gate")) {
                                gate.await();
                            } else if (m.equals("crash")) {
                                throw new IllegalStateException("crash");
                            } else {
                                handled.add(ctx.slot() + ":" + m);
                            }
                        }).build())
                .build();
        engine.start();
        return engine.distributor("g");
    }

    @AfterEach
    void close() {
        gate.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aStoppedSlotsQueueMovesInOrderToOneSlot() {
        LoadBalancer rr = LoadBalancer.roundRobin();
        // Slot 0 while it runs (so one sender fills it), then round robin over the others: with a
        // fresh pick per message the queue would be spread over slots 1 and 2.
        LoadBalancer pinned = (m, slots) -> slots.isRunning(0) ? 0 : rr.select(m, slots);
        Distributor<Object, Object> d = start(3, pinned);
        d.tellOne("gate");
        d.tellOne("crash");
        for (int i = 1; i <= 6; i++) {
            d.tellOne("m" + i);
        }
        gate.countDown();

        await().until(() -> handled.size() == 6);
        String target = handled.get(0).substring(0, 2);
        assertThat(target).isIn("1:", "2:");
        assertThat(handled).containsExactly(target + "m1", target + "m2", target + "m3", target + "m4",
                target + "m5", target + "m6");
        assertThat(engine.slots().get(0).state()).isEqualTo(SlotState.STOPPED);
    }

    @Test
    void aBroadcastCopyIsNotMovedToASlotThatHasItsOwnCopyButDeadLettered() {
        Distributor<Object, Object> d = start(2, (m, slots) -> slots.isRunning(0) ? 0 : 1);
        d.tellOne("gate");
        d.tellOne("crash");
        d.tellEveryone("reload");
        d.tellOne("after");
        gate.countDown();

        await().until(() -> handled.size() == 2 && dead.size() == 2);
        assertThat(handled).containsExactly("1:reload", "1:after");
        assertThat(dead).extracting(DeadLetter::message).containsExactly("crash", "reload");
        assertThat(dead.get(1).reason()).isEqualTo(DeadLetter.Reason.GROUP_STOPPED);
        assertThat(dead.get(1).cause()).hasMessageContaining("addressed to it");
    }
}
