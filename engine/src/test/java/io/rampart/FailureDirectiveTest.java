package io.rampart;

import io.rampart.balance.LoadBalancer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failure directives: a group's {@link FailureDecider} chooses, per failure, to resume (keep the
 * handler), restart, stop the slot, or escalate to the supervisor's parent. Every message is counted:
 * handled exactly once, or settled (dead letter, failed ask).
 */
class FailureDirectiveTest {
    /** A message its handler cannot take. */
    record Bad(int id) {
    }

    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Object> handled = new CopyOnWriteArrayList<>();
    private final AtomicInteger handlersMade = new AtomicInteger();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
    }

    /** Throws IllegalArgumentException on a {@link Bad} payload, records and answers anything else. */
    private Supplier<Handler<Object>> handlers() {
        return () -> {
            handlersMade.incrementAndGet();
            return (message, ctx) -> {
                Object payload = message instanceof SupervisionTest.To t ? t.payload() : message;
                if (payload instanceof Bad b) {
                    throw new IllegalArgumentException("cannot take " + b);
                }
                handled.add(payload);
                if (ctx.isAsk()) {
                    ctx.reply(payload);
                }
            };
        };
    }

    private Engine start(Engine.Builder builder) {
        Engine engine = builder.deadLetters(dead::add).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private GroupSpec.Builder<Object, Object> group(String name, int slots, FailureDecider decider) {
        return GroupSpec.builder(name, Object.class).redundancy(slots).loadBalancer(SupervisionTest.TO_BALANCER).backoff(Backoff.none())
                .handler(handlers()).onFailure(decider);
    }

    @Test
    void resumeKeepsTheHandlerAndSettlesOnlyTheFailingMessages() throws Exception {
        Engine engine = start(Engine.builder().group(group("g", 1,
                FailureDecider.resumeOn(IllegalArgumentException.class)).build()));
        Distributor<Object, Object> g = engine.distributor("g");
        List<Object> good = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 0) {
                g.tellOne(new Bad(i));
            } else {
                g.tellOne(i);
                good.add(i);
            }
        }
        CompletableFuture<Object> badAsk = g.askOne(new Bad(1000));
        CompletableFuture<Object> goodAsk = g.askOne("fine");
        good.add("fine");

        assertThat(goodAsk.get(10, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThatThrownBy(() -> badAsk.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> dead.size() == 10);
        assertThat(handled).as("every good message, once, in the order sent").containsExactlyElementsOf(good);
        assertThat(dead).allMatch(d -> d.reason() == DeadLetter.Reason.HANDLER_FAILED && d.message() instanceof Bad);
        SlotInfo slot = engine.slots().get(0);
        assertThat(handlersMade).as("the handler was never replaced").hasValue(1);
        assertThat(slot.restarts()).isZero();
        assertThat(slot.failures()).isEqualTo(11);
        assertThat(slot.state()).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void restartReplacesTheHandlerOnTheSameFailuresWhereResumeDidNot() throws Exception {
        Engine engine = start(Engine.builder().group(group("g", 1, FailureDecider.alwaysRestart()).build()));
        Distributor<Object, Object> g = engine.distributor("g");
        for (int i = 0; i < 5; i++) {
            g.tellOne(new Bad(i));
        }
        assertThat(g.askOne("after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).restarts() == 5);
        assertThat(handlersMade).hasValue(6);
        assertThat(dead).hasSize(5).allMatch(d -> d.reason() == DeadLetter.Reason.HANDLER_FAILED);
    }

    @Test
    void stopEndsTheSlotAndHandsItsQueueOverInOrderThenTheLastStopStopsTheGroup() throws Exception {
        Engine engine = start(Engine.builder().group(group("g", 2, (failure, message) -> Directive.STOP).build()));
        Distributor<Object, Object> g = engine.distributor("g");
        g.tellOne(new SupervisionTest.To(0, new Bad(0)));
        List<Object> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            g.tellOne(new SupervisionTest.To(i % 2, i));
            sent.add(i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 50);
        assertThat(handled).as("every message once, wherever it ran").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(engine.slots()).extracting(SlotInfo::state).containsExactly(SlotState.STOPPED, SlotState.RUNNING);
        assertThat(engine.slots()).extracting(SlotInfo::restarts).containsExactly(0L, 0L);
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(new SupervisionTest.To(0, new Bad(0))));

        CompletableFuture<Object> last = g.askOne(new SupervisionTest.To(1, new Bad(1)));
        assertThatThrownBy(() -> last.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> g.tellOne("more"))
                .isInstanceOf(GroupStoppedException.class));
        assertThat(handlersMade).hasValue(2);
    }

    @Test
    void escalateUnderTheRootStopsTheGroup() {
        Engine engine = start(Engine.builder().group(group("g", 1, (failure, message) -> Directive.ESCALATE).build()));
        Distributor<Object, Object> g = engine.distributor("g");
        g.tellOne(new Bad(0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> g.tellOne("more"))
                .isInstanceOf(GroupStoppedException.class).hasMessageContaining("failure decider"));
        assertThat(engine.slots().get(0).restarts()).isZero();
    }

    @Test
    void escalateFailsTheSupervisorWhoseParentRestartsItsWholeSubtree() throws Exception {
        Engine engine = start(Engine.builder().supervisor(SupervisorSpec.builder("pair")
                .strategy(SupervisionStrategy.ONE_FOR_ONE)
                .group(group("a", 1, (failure, message) -> Directive.ESCALATE).build())
                .group(group("b", 1, FailureDecider.alwaysRestart()).build())
                .build()));
        engine.distributor("a").tellOne(new Bad(0));
        // The root restarts supervisor 'pair' (one for one, at the root): both of its groups restart,
        // though only 'a' failed. Under RESTART, 'pair' would have restarted 'a' alone.
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().stream().allMatch(s -> s.restarts() == 1));
        assertThat(engine.distributor("b").askOne("still there").get(10, TimeUnit.SECONDS)).isEqualTo("still there");
        assertThat(handlersMade).hasValue(4);
    }

    @Test
    void aDeciderThatThrowsOrAnswersNullRestarts() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Engine engine = start(Engine.builder().group(group("g", 1, (failure, message) -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("decider bug");
            }
            return null;
        }).build()));
        Distributor<Object, Object> g = engine.distributor("g");
        g.tellOne(new Bad(0));
        g.tellOne(new Bad(1));
        assertThat(g.askOne("after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.slots().get(0).restarts() == 2);
        assertThat(asked).hasValue(2);
        assertThat(dead).hasSize(2);
    }

    @Test
    void badInputIsRefusedWhereItIsGiven() {
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).onFailure(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("group 'g': failure decider");
        assertThatThrownBy(FailureDecider::resumeOn).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailureDecider.resumeOn(IllegalStateException.class, null))
                .isInstanceOf(NullPointerException.class);
    }
}
