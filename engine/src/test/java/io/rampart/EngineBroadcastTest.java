package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Engine.broadcast: every slot of every group whose message type accepts the message, each group
 * all or nothing (tellEveryone), not atomic across groups, every refusal reported with its reason.
 */
class EngineBroadcastTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    /** "group/slot:message", in the order handled. */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Engine engine;

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    private <M> GroupSpec<M, Object> group(String name, Class<M> type, int redundancy) {
        return GroupSpec.builder(name, type).redundancy(redundancy)
                .handler(() -> (m, ctx) -> handled.add(name + "/" + ctx.slot() + ":" + m)).build();
    }

    /** One slot, ring of 2, whose handler blocks on "block" until released: its ring fills. */
    private GroupSpec<Object, Object> blocking(String name, Backpressure policy) {
        return GroupSpec.builder(name, Object.class).ringSize(2).backpressure(policy)
                .handler(() -> (m, ctx) -> {
                    if (m.equals("block")) {
                        release.await();
                    }
                    handled.add(name + "/" + ctx.slot() + ":" + m);
                }).build();
    }

    @Test
    void reachesEverySlotOfEveryGroupThatTakesTheTypeAndNoOther() {
        engine = Engine.builder().deadLetters(dead::add)
                .group(group("strings", String.class, 2))
                .group(group("anything", Object.class, 1))
                .group(group("numbers", Integer.class, 3))
                .supervisor(SupervisorSpec.builder("sub").group(group("chars", CharSequence.class, 1)).build())
                .build();
        engine.start();

        BroadcastResult r = engine.broadcast("hello");

        assertThat(r.outcomes()).extracting(BroadcastResult.Outcome::group)
                .containsExactly("strings", "anything", "chars"); // not "numbers": an Integer group
        assertThat(r.outcomes()).extracting(BroadcastResult.Outcome::slots).containsExactly(2, 1, 1);
        assertThat(r.allAccepted()).isTrue();
        assertThat(r.refused()).isEmpty();
        assertThat(r.slotsReached()).isEqualTo(4);
        await().until(() -> handled.size() == 4);
        assertThat(handled).containsExactlyInAnyOrder("strings/0:hello", "strings/1:hello", "anything/0:hello",
                "chars/0:hello");

        BroadcastResult sub = engine.broadcast("sub", "only here");
        assertThat(sub.outcomes()).extracting(BroadcastResult.Outcome::group).containsExactly("chars");
        await().until(() -> handled.contains("chars/0:only here"));
        assertThat(handled).hasSize(5);
        assertThat(dead).isEmpty();
    }

    @Test
    void noGroupTakingTheTypeIsAnEmptyResultNotAnError() {
        engine = Engine.builder().group(group("strings", String.class, 1)).build();
        engine.start();

        BroadcastResult r = engine.broadcast(42);

        assertThat(r.outcomes()).isEmpty();
        assertThat(r.slotsReached()).isZero();
        assertThat(handled).isEmpty();
    }

    @Test
    void aGroupThatRefusesIsReportedWithItsReasonAndTheOthersStillGetIt() {
        engine = Engine.builder().deadLetters(dead::add)
                .group(group("first", Object.class, 1))
                .group(blocking("full", Backpressure.failFast()))
                .group(blocking("full-dl", Backpressure.deadLetter()))
                .group(group("last", Object.class, 1))
                .build();
        engine.start();
        for (String g : List.of("full", "full-dl")) { // the handler holds "block" (its event until handled) and "q1": full
            Distributor<Object, Object> d = engine.distributor(g);
            d.tellOne("block");
            d.tellOne("q1");
        }

        BroadcastResult r = engine.broadcast("news");

        assertThat(r.allAccepted()).isFalse();
        assertThat(r.outcomes()).extracting(BroadcastResult.Outcome::group)
                .containsExactly("first", "full", "full-dl", "last"); // not atomic: "last" is still tried
        assertThat(r.outcomes()).extracting(BroadcastResult.Outcome::slots).containsExactly(1, 0, 0, 1);
        assertThat(r.refused()).extracting(BroadcastResult.Outcome::group).containsExactly("full", "full-dl");
        assertThat(r.refused()).allSatisfy(o -> assertThat(o.refusal()).isInstanceOf(RingFullException.class));
        // Under the deadLetter policy the refusal is reported and also dead-lettered, as tellEveryone does.
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.group()).isEqualTo("full-dl");
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.RING_FULL);
            assertThat(dl.message()).isEqualTo("news");
        });
        release.countDown();
        await().until(() -> handled.size() == 2 + 2 * 2);
        assertThat(handled).contains("first/0:news", "last/0:news")
                .doesNotContain("full/0:news", "full-dl/0:news");
    }

    @Test
    void aStoppedOrRemovedGroupIsReportedAndTheEngineMustBeRunning() {
        engine = Engine.builder().group(group("a", Object.class, 1)).group(group("b", Object.class, 1)).build();
        assertThatThrownBy(() -> engine.broadcast("early")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        assertThatThrownBy(() -> engine.broadcast(null)).isInstanceOf(NullPointerException.class);
        engine.start();
        assertThatThrownBy(() -> engine.broadcast("nowhere", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no supervisor 'nowhere'");

        engine.removeGroup("b");
        assertThat(engine.broadcast("after").outcomes()).extracting(BroadcastResult.Outcome::group).containsExactly("a");

        engine.close();
        assertThatThrownBy(() -> engine.broadcast("late")).isInstanceOf(EngineClosedException.class);
    }
}
