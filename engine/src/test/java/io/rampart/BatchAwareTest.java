package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link BatchAware} handlers: a batch is what the slot found published when it started it; the
 * handler hears its size, sees {@code endOfBatch} on its last message only, and hears once that the
 * ring ran dry. Handlers that do not opt in cannot ask.
 */
class BatchAwareTest {
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Records every callback as text, in order: "start:N", "m:<msg>:<endOfBatch>", "idle". */
    static final class Recorder implements Handler<String>, BatchAware {
        final List<String> events;
        final CountDownLatch entered;
        final CountDownLatch release;
        final AtomicInteger idles;

        Recorder(List<String> events, CountDownLatch entered, CountDownLatch release, AtomicInteger idles) {
            this.events = events;
            this.entered = entered;
            this.release = release;
            this.idles = idles;
        }

        @Override
        public void handle(String m, Context ctx) throws Exception {
            events.add("m:" + m + ":" + ctx.endOfBatch());
            if (m.equals("block")) {
                entered.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        @Override
        public void onBatchStart(long size) {
            events.add("start:" + size);
        }

        @Override
        public void onIdle() {
            events.add("idle");
            idles.incrementAndGet();
        }
    }

    private Distributor<Object, Object> start(Handler<String> handler) {
        engine = Engine.builder().name("batch")
                .group(GroupSpec.builder("g", String.class).handler(() -> handler).build()).build();
        engine.start();
        return engine.distributor("g");
    }

    @Test
    void aBatchIsWhatWasPublishedWhenItStartedAndOnlyItsLastMessageEndsIt() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger idles = new AtomicInteger();
        Distributor<Object, Object> d = start(new Recorder(events, entered, release, idles));

        d.tellOne("block");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            d.tellOne("x" + i); // published while the first batch ({block}) runs: the next batch
        }
        release.countDown();
        await().until(() -> idles.get() == 1);

        assertThat(events).containsExactly(
                "start:1", "m:block:true",
                "start:5", "m:x0:false", "m:x1:false", "m:x2:false", "m:x3:false", "m:x4:true",
                "idle");

        d.tellOne("y");
        await().until(() -> idles.get() == 2);
        assertThat(events.subList(9, events.size())).containsExactly("start:1", "m:y:true", "idle");
    }

    @Test
    void aHandlerThatDidNotOptInIsToldSoWhenItAsksForTheEndOfABatch() {
        Distributor<Object, Object> d = start((m, ctx) -> ctx.reply(ctx.endOfBatch()));
        assertThatThrownBy(() -> d.askOne("q").join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class)
                .cause().hasMessageContaining("BatchAware");
    }

    @Test
    void aThrowingCallbackIsAFailureOfTheHandlerAndNoMessageIsLostOrReplayed() {
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger idleCalls = new AtomicInteger();
        final class FailsOnFirstIdle implements Handler<String>, BatchAware {
            @Override
            public void handle(String m, Context ctx) {
                handled.add(m);
            }

            @Override
            public void onIdle() {
                if (idleCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("flush failed");
                }
            }
        }
        engine = Engine.builder().name("batch-fail")
                .group(GroupSpec.builder("g", String.class).handler(FailsOnFirstIdle::new).build()).build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("g");

        d.tellOne("a");
        await().until(() -> engine.slots().get(0).restarts() == 1);
        assertThat(engine.slots().get(0).failures()).isEqualTo(1);
        d.tellOne("b");
        await().until(() -> idleCalls.get() == 2);
        assertThat(handled).containsExactly("a", "b");
    }
}
