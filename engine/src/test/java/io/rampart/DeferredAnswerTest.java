package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An ask whose handler answered or deferred is never given to a handler again, even with retries:
 * running it again would answer twice. A deferred reply that comes after the engine failed the ask
 * is late (a dead letter), not a second answer.
 */
class DeferredAnswerTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Reply> deferred = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private Distributor<Object, Object> group(Handler<String> handler) {
        engine = Engine.builder().deadLetters(dead::add).group(GroupSpec.builder("g", String.class).retries(1)
                .backoff(Backoff.none()).handler(() -> handler).build()).build();
        engine.start();
        return engine.distributor("g");
    }

    @Test
    void aHandlerThatDeferredThenThrewRunsOnceAndItsLaterReplyIsALateReply() {
        Distributor<Object, Object> d = group((m, ctx) -> {
            runs.incrementAndGet();
            deferred.add(ctx.defer());
            throw new IllegalStateException("after defer");
        });
        CompletableFuture<Object> ask = d.askOne("x", Duration.ofSeconds(30));

        assertThatThrownBy(ask::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("after defer");
        await().until(() -> engine.slots().get(0).restarts() == 1);
        assertThat(runs).hasValue(1);
        deferred.get(0).reply("late"); // no exception: the handler had not answered
        assertThat(dead).extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.LATE_REPLY);
        assertThat(dead.get(0).message()).isEqualTo("late");
    }

    @Test
    void aHandlerThatRepliedThenThrewRunsOnceAndTheCallerKeepsItsAnswer() {
        Distributor<Object, Object> d = group((m, ctx) -> {
            runs.incrementAndGet();
            ctx.reply("answer");
            throw new IllegalStateException("after reply");
        });
        assertThat(d.askOne("x", Duration.ofSeconds(30)).join()).isEqualTo("answer");
        await().until(() -> engine.slots().get(0).restarts() == 1);
        assertThat(runs).hasValue(1);
        assertThat(dead).extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.HANDLER_FAILED);
    }

    @Test
    void aHandlerThatNeitherAnsweredNorDeferredIsRetriedAsConfigured() {
        Distributor<Object, Object> d = group((m, ctx) -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first try");
            }
            ctx.reply("second try");
        });
        assertThat(d.askOne("x", Duration.ofSeconds(30)).join()).isEqualTo("second try");
        assertThat(runs).hasValue(2);
        assertThat(dead).isEmpty();
    }
}
