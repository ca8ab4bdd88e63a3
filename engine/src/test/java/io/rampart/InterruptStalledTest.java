package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code interruptWhenStalled}: a handler stuck past the stall threshold is interrupted once, by the
 * stall watch, on virtual time; the interrupt reaches that call only, never the next message; the
 * failure it causes goes through the group's directive like any other.
 */
class InterruptStalledTest {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    private static final Duration LOOK = Duration.ofMillis(50);

    private final ManualScheduler time = new ManualScheduler();
    /** Never counted down by the interrupt tests: only an interrupt gets the handler out. */
    private final CountDownLatch never = new CountDownLatch(1);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    /** Messages whose handler call began with the thread's interrupt status set: must stay empty. */
    private final List<String> startedInterrupted = new CopyOnWriteArrayList<>();
    private final AtomicInteger interruptsSeen = new AtomicInteger();
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        never.countDown();
        engines.forEach(Engine::close);
    }

    /**
     * "block": waits on a latch nobody opens; on interrupt it throws (rethrows) when {@code rethrow},
     * else swallows it, leaves the status set again and returns normally.
     */
    private Engine start(boolean interrupt, boolean rethrow, FailureDecider decider) {
        GroupSpec.Builder<String, String> spec = GroupSpec.builder("g", String.class).answers(String.class)
                .stallAfter(THRESHOLD)
                .handler(() -> (message, ctx) -> {
                    if (Thread.currentThread().isInterrupted()) {
                        startedInterrupted.add(message);
                    }
                    if (message.equals("block")) {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            interruptsSeen.incrementAndGet();
                            if (rethrow) {
                                throw e;
                            }
                            Thread.currentThread().interrupt(); // ignores it, and leaves the status set
                        }
                    }
                    handled.add(message);
                    if (ctx.isAsk()) {
                        ctx.reply(message);
                    }
                });
        if (interrupt) {
            spec.interruptWhenStalled();
        }
        if (decider != null) {
            spec.onFailure(decider);
        }
        Engine engine = Engine.builder().scheduler(time).supervisionEvents(events::add).deadLetters(deadLetters::add)
                .group(spec.build()).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    /** Moves time until the watch reports the slot stalled (the third look: 100 ms busy). */
    private void stall(Engine engine) {
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).backlog() >= 1);
        time.advance(LOOK);
        time.advance(LOOK);
        time.advance(LOOK);
        assertThat(engine.slots().get(0).stalled()).isTrue();
    }

    @Test
    void aStalledHandlerIsInterruptedOnceAndItsFailureRestartsTheSlot() throws Exception {
        Engine engine = start(true, true, null);
        Distributor<String, String> g = engine.distributor("g", String.class, String.class);
        g.tellOne("block");
        g.tellOne("next");
        stall(engine);

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).state() == SlotState.RESTARTING);
        time.advance(Duration.ofSeconds(1)); // the restart's backoff, on the engine's clock
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("next"));
        assertThat(interruptsSeen).hasValue(1);
        assertThat(events).filteredOn(e -> e instanceof SupervisionEvent.Restart).hasSize(1);
        assertThat(g.askOne("after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(startedInterrupted).as("the interrupt reached no other message").isEmpty();
        assertThat(handled).containsExactly("next", "after");
        // The failing message went to dead letters once its retries ran out (none by default).
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly("block");
    }

    @Test
    void anInterruptTheHandlerIgnoresIsClearedBeforeTheNextMessage() throws Exception {
        Engine engine = start(true, false, null);
        Distributor<String, String> g = engine.distributor("g", String.class, String.class);
        g.tellOne("block");
        g.tellOne("next");
        stall(engine);

        assertThat(g.askOne("after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(handled).containsExactly("block", "next", "after");
        assertThat(interruptsSeen).hasValue(1);
        assertThat(startedInterrupted).as("left set by the handler, cleared by the slot").isEmpty();
        assertThat(events).filteredOn(e -> e instanceof SupervisionEvent.Restart).isEmpty();
    }

    @Test
    void theInterruptsFailureGoesThroughTheGroupsDirective() throws Exception {
        Engine engine = start(true, true, (failure, message) ->
                failure instanceof InterruptedException ? Directive.RESUME : Directive.RESTART);
        Distributor<String, String> g = engine.distributor("g", String.class, String.class);
        var blocked = g.askOne("block");
        stall(engine);

        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThat(g.askOne("after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(events).filteredOn(e -> e instanceof SupervisionEvent.Restart).as("resumed, not restarted").isEmpty();
        assertThat(startedInterrupted).isEmpty();
    }

    @Test
    void withoutInterruptWhenStalledTheHandlerIsOnlyReported() throws Exception {
        Engine engine = start(false, true, null);
        engine.distributor("g", String.class, String.class).tellOne("block");
        stall(engine);
        time.advance(Duration.ofSeconds(10));
        assertThat(interruptsSeen).hasValue(0);
        assertThat(engine.slots().get(0).stalled()).isTrue();
        assertThat(engine.slots().get(0).backlog()).isEqualTo(1);
        never.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("block"));
    }

    @Test
    void interruptWhenStalledNeedsAThreshold() {
        assertThatThrownBy(() -> GroupSpec.builder("g", String.class).interruptWhenStalled()
                .handler(() -> (m, ctx) -> { }).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("group 'g': interruptWhenStalled() needs a stall threshold");
    }
}
