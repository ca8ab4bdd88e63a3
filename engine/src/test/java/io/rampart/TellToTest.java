package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code tellTo} and {@code askTo}: a message addressed to one slot runs there, or is refused at the
 * call, or (if that slot stops for good first) is dead-lettered; it never runs on another slot.
 */
class TellToTest {
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    /** 3 slots; "stop" fails its handler under a STOP directive; "hold" parks the handler until released. */
    private Engine start() {
        Engine engine = Engine.builder().deadLetters(dead::add)
                .group(GroupSpec.builder("g", Object.class).answers(Integer.class).redundancy(3)
                        .onFailure((failure, message) -> Directive.STOP)
                        .handler(() -> (message, ctx) -> {
                            if (message.equals("stop")) {
                                throw new IllegalStateException("planned stop of slot " + ctx.slot());
                            }
                            if (message.equals("hold")) {
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

    @Test
    void eachMessageRunsOnTheSlotItIsAddressedTo() throws Exception {
        Engine engine = start();
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            g.tellTo(i % 3, "m" + i);
            expected.add(i % 3 + ":m" + i);
        }
        for (int s = 0; s < 3; s++) {
            assertThat(g.askTo(s, "who").get(10, TimeUnit.SECONDS)).isEqualTo(s);
            expected.add(s + ":who");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == expected.size());
        assertThat(handled).containsExactlyInAnyOrderElementsOf(expected);
        for (int s = 0; s < 3; s++) {
            String prefix = s + ":";
            assertThat(handled.stream().filter(h -> h.startsWith(prefix)))
                    .as("slot %d in the order sent", s)
                    .containsExactlyElementsOf(expected.stream().filter(h -> h.startsWith(prefix)).toList());
        }
    }

    @Test
    void aMissingSlotIsRefusedAtTheCall() {
        Distributor<Object, Integer> g = start().distributor("g", Object.class, Integer.class);
        assertThatThrownBy(() -> g.tellTo(3, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'g' has no slot 3: its slots are 0..2");
        assertThatThrownBy(() -> g.askTo(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.tellTo(0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aStoppedSlotRefusesWhatIsAddressedToItAndItsQueuedMessagesAreDeadLetteredNotMoved() throws Exception {
        Engine engine = start();
        Distributor<Object, Integer> g = engine.distributor("g", Object.class, Integer.class);
        g.tellTo(1, "hold");
        g.tellTo(1, "stop");
        for (int i = 0; i < 5; i++) {
            g.tellTo(1, "queued-" + i);
        }
        CompletableFuture<Integer> queuedAsk = g.askTo(1, "queued-ask");
        g.tellOne("free-choice"); // not addressed: may move when slot 1 stops
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(1).state() == SlotState.STOPPED);
        assertThatThrownBy(() -> queuedAsk.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(GroupStoppedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> dead.size() == 6);
        assertThat(dead).filteredOn(d -> d.reason() == DeadLetter.Reason.GROUP_STOPPED)
                .extracting(DeadLetter::message).containsExactlyInAnyOrder("queued-0", "queued-1", "queued-2", "queued-3",
                        "queued-4");
        assertThat(handled).noneMatch(h -> h.contains("queued")).contains("1:hold");

        assertThatThrownBy(() -> g.tellTo(1, "late")).isInstanceOf(SlotUnavailableException.class)
                .hasMessageContaining("slot 1 of group 'g' is STOPPED");
        assertThatThrownBy(() -> g.askTo(1, "late").get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SlotUnavailableException.class);
        assertThat(g.askTo(2, "alive").get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }
}
