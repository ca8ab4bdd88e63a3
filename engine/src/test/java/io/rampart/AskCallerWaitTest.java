package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code askOne}'s future waits in {@code get}/{@code join} as the group's wait strategy says before parking,
 * and still keeps {@code CompletableFuture}'s contract: the answer, and {@code get(timeout)} bounded by its
 * own timeout even under a strategy that never parks by itself (yielding).
 */
class AskCallerWaitTest {
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private Distributor<String, String> start(WaitStrategy wait) {
        engine = Engine.builder().name("caller-wait")
                .group(GroupSpec.builder("g", String.class).answers(String.class).waitStrategy(wait).handler(() -> (m, ctx) -> {
                    if (!m.equals("never")) {
                        ctx.reply(m);
                    } else {
                        ctx.defer(); // answered by nobody: only a timeout ends the wait
                    }
                }).build()).build();
        engine.start();
        return engine.distributor("g", String.class, String.class);
    }

    @Test
    void getAndJoinGiveTheAnswerUnderEveryStrategy() throws Exception {
        for (WaitStrategy wait : new WaitStrategy[] {WaitStrategy.backoffThenPark(), WaitStrategy.yielding(),
                WaitStrategy.sleeping(Duration.ofMillis(1))}) {
            Distributor<String, String> d = start(wait);
            for (int i = 0; i < 1000; i++) {
                assertThat(d.askOne("a" + i).join()).isEqualTo("a" + i);
                assertThat(d.askOne("b" + i).get()).isEqualTo("b" + i);
                assertThat(d.askOne("c" + i).get(10, TimeUnit.SECONDS)).isEqualTo("c" + i);
            }
            engine.close();
            engine = null;
        }
    }

    @Test
    void getWithATimeoutEndsAtItsTimeoutEvenWhenTheStrategyNeverParks() {
        Distributor<String, String> d = start(WaitStrategy.yielding());
        CompletableFuture<String> never = d.askOne("never", Duration.ofSeconds(60));
        long start = System.nanoTime();
        assertThatThrownBy(() -> never.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(never).isNotDone();
    }

    @Test
    void theAsksOwnTimeoutEndsAYieldingJoin() {
        Distributor<String, String> d = start(WaitStrategy.yielding());
        CompletableFuture<String> never = d.askOne("never", Duration.ofMillis(100));
        assertThatThrownBy(never::join).hasCauseInstanceOf(AskTimeoutException.class);
        assertThatThrownBy(never::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AskTimeoutException.class);
    }
}
