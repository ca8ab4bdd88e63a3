package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * "Never accepted" and "accepted, then timed out" are different answers: an ask refused for a full
 * ring fails with the refusal, whatever its timeout. And a send's wait for room takes its time from
 * the engine's scheduler, so a {@link ManualScheduler} makes backpressure exact.
 */
class AskRefusalTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ManualScheduler time = new ManualScheduler();
    private Engine engine;

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    /** One slot, ring of 2: "block" holds the handler (its event stays claimed), "q1" fills the ring. */
    private Distributor<Object, Object> full(Backpressure policy, Scheduler scheduler) {
        Engine.Builder b = Engine.builder().deadLetters(dead::add).timerTick(Duration.ofMillis(1));
        if (scheduler != null) {
            b.scheduler(scheduler);
        }
        engine = b.group(GroupSpec.builder("g", String.class).ringSize(2).backpressure(policy).handler(() -> (m, ctx) -> {
            if (m.equals("block")) {
                release.await();
            }
            if (ctx.isAsk()) {
                ctx.reply(m);
            }
        }).build()).build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("g");
        d.tellOne("block");
        await().until(() -> engine.slots().get(0).backlog() == 1); // in the handler
        d.tellOne("q1");
        return d;
    }

    @Test
    void anAskRefusedForAFullRingFailsWithTheRefusalEvenWhenItsTimeoutIsShorterThanTheBound() {
        Distributor<Object, Object> d = full(Backpressure.block(Duration.ofMillis(200)), null);

        CompletableFuture<Object> ask = d.askOne("over", Duration.ofMillis(50));
        assertThatThrownBy(ask::join).hasCauseInstanceOf(RingFullException.class);
        CompletableFuture<Object> sameBound = d.askOne("over", Duration.ofMillis(200));
        assertThatThrownBy(sameBound::join).hasCauseInstanceOf(RingFullException.class);
        assertThat(dead).isEmpty();
    }

    @Test
    void aBlockedTellWaitsExactlyItsBoundOnTheEnginesClock() throws Exception {
        Distributor<Object, Object> d = full(Backpressure.block(Duration.ofSeconds(30)), time);
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                d.tellOne("over");
                blocked.complete(null);
            } catch (Throwable e) {
                blocked.completeExceptionally(e);
            }
        }, "blocked-sender");
        t.start();
        // Parked in its wait for room: its deadline is set (the wait spins, yields, then parks).
        await().until(() -> t.getState() == Thread.State.TIMED_WAITING);

        // However long it takes in real time, the bound is 30 s of engine time.
        time.advance(Duration.ofSeconds(29));
        assertThat(blocked).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(blocked::join).hasCauseInstanceOf(RingFullException.class);
        t.join();
    }

    @Test
    void anAskAcceptedAfterWaitingForRoomCanStillTimeOutAsAnAcceptedAsk() {
        Distributor<Object, Object> d = full(Backpressure.block(Duration.ofSeconds(30)), time);
        // The sender waits for room up to the ask's own timeout (10 s of engine time)...
        CompletableFuture<CompletableFuture<Object>> sending = CompletableFuture.supplyAsync(
                () -> d.askOne("waits", Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(5));
        assertThat(sending).isNotDone();
        // ...and once room comes, the ask is accepted, answered in order behind q1.
        release.countDown();
        assertThat(sending.join().join()).isEqualTo("waits");
    }
}
