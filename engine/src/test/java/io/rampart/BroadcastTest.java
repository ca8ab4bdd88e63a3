package io.rampart;

import io.rampart.internal.Slot;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * tellEveryone is all or nothing: a refusal means no slot took the message, so a retry cannot
 * duplicate it; the claims given up on the way are skipped by their consumers, which never stall.
 */
class BroadcastTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    /** "slot:message" in the order handled. */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch slot1Blocked = new CountDownLatch(1);
    private Engine engine;

    @AfterEach
    void close() {
        slot1Blocked.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    /** Two slots with rings of 4; slot 1's handler blocks on its first message until released. */
    private Distributor<Object, Object> twoSlots(Backpressure policy) {
        engine = Engine.builder().deadLetters(dead::add)
                .group(GroupSpec.builder("g", String.class).redundancy(2).ringSize(4).backpressure(policy)
                        .handler(() -> (m, ctx) -> {
                            if (ctx.slot() == 1 && m.equals("b0")) {
                                slot1Blocked.await();
                            }
                            handled.add(ctx.slot() + ":" + m);
                        }).build())
                .build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("g");
        // b0 blocks slot 1 in its handler (its event is released only once handled); b1..b3 fill
        // the rest of its ring of 4. Slot 0 handles them all.
        for (int i = 0; i < 4; i++) {
            assertThat(d.tellEveryone("b" + i)).isEqualTo(2);
        }
        await().until(() -> handled.stream().filter(h -> h.startsWith("0:")).count() == 4);
        return d;
    }

    @Test
    void aRefusedBroadcastReachedNoSlotAndTheSkippedClaimDoesNotStallTheOtherSlot() {
        Distributor<Object, Object> d = twoSlots(Backpressure.failFast());

        assertThatThrownBy(() -> d.tellEveryone("refused")).isInstanceOf(RingFullException.class)
                .hasMessageContaining("slot 1");
        // Slot 0 had room and was claimed first; that claim was given up as a skip. It keeps working:
        assertThatThrownBy(() -> d.tellEveryone("refused")).isInstanceOf(RingFullException.class); // still full
        slot1Blocked.countDown();
        await().until(() -> handled.size() == 8);
        assertThat(d.tellEveryone("after")).isEqualTo(2);
        await().until(() -> handled.size() == 10);

        assertThat(handled).doesNotContain("0:refused", "1:refused");
        assertThat(handled.stream().filter(h -> h.startsWith("0:")))
                .containsExactly("0:b0", "0:b1", "0:b2", "0:b3", "0:after");
        assertThat(dead).isEmpty();
    }

    @Test
    void underTheDeadLetterPolicyARefusedBroadcastIsOneDeadLetterAndReachesNoSlot() {
        Distributor<Object, Object> d = twoSlots(Backpressure.deadLetter());

        assertThat(d.tellEveryone("over")).isZero();
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.RING_FULL);
            assertThat(dl.message()).isEqualTo("over");
        });
        slot1Blocked.countDown();
        await().until(() -> handled.size() == 8);
        assertThat(d.tellEveryone("after")).isEqualTo(2);
        await().until(() -> handled.size() == 10);
        assertThat(handled).noneMatch(h -> h.endsWith(":over"));
    }

    @Test
    void underTheBlockPolicyABroadcastWaitsForRoomWithoutHoldingAClaimThenReachesEverySlot() throws Exception {
        Distributor<Object, Object> d = twoSlots(Backpressure.block(Duration.ofSeconds(30)));
        var sent = CompletableFuture.supplyAsync(() -> d.tellEveryone("waited"));
        // While the broadcast waits for room in slot 1, slot 0 holds no claim of it: a tell to slot 0
        // is handled at once (a held claim would stall slot 0's consumer behind it).
        await().until(() -> engine.slots().get(0).backlog() == 0);
        d.tryTellOne("probe"); // round robin: one of two turns is slot 0's (slot 1's is refused: full)
        d.tryTellOne("probe");
        await().until(() -> handled.contains("0:probe"));
        assertThat(sent).isNotDone();

        slot1Blocked.countDown();
        assertThat(sent.get()).isEqualTo(2);
        await().until(() -> handled.contains("0:waited") && handled.contains("1:waited"));
    }
}
