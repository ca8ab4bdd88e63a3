package io.rampart;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A full ring never blocks forever and never drops silently; the caller can tell what happened. */
class BackpressureTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();
    private Engine engine;

    /** One slot, a ring of 4, its handler held on the first message: after 4 more sends the ring is full. */
    private Distributor<Object, Object> full(Backpressure policy) throws InterruptedException {
        engine = Engine.builder().name("bp").deadLetters(dead::add).closeTimeout(Duration.ofSeconds(5))
                .group(GroupSpec.builder("tight", Object.class).ringSize(4).backpressure(policy).handler(() -> (m, ctx) -> {
                    if (m.equals("hold")) {
                        holding.countDown();
                        release.await();
                    }
                    handled.incrementAndGet();
                    if (ctx.isAsk()) {
                        ctx.reply(m);
                    }
                }).build())
                .build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("tight");
        d.tellOne("hold");
        holding.await();
        for (int i = 0; i < 3; i++) {
            d.tellOne("fill" + i);
        }
        return d;
    }

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
            assertThat(engine.isTerminated()).isTrue();
        }
    }

    @Test
    void failFastRejectsAtOnceAndTheMessageIsTheCallers() throws Exception {
        Distributor<Object, Object> d = full(Backpressure.failFast());
        assertThatThrownBy(() -> d.tellOne("over")).isInstanceOf(RingFullException.class)
                .hasMessage("ring of group 'tight' slot 0 is full (4 messages); backpressure policy is failFast");
        assertThat(d.tryTellOne("over")).isFalse();
        CompletableFuture<Object> ask = d.askOne("over");
        assertThat(ask).isCompletedExceptionally();
        assertThatThrownBy(ask::join).hasCauseInstanceOf(RingFullException.class);
        assertThat(dead).isEmpty();

        release.countDown();
        Awaitility.await().until(() -> handled.get() == 4);
        assertThat(d.askOne("after").join()).isEqualTo("after");
    }

    @Test
    void blockWaitsUpToItsBoundThenRejects() throws Exception {
        Distributor<Object, Object> d = full(Backpressure.block(Duration.ofMillis(50)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> d.tellOne("over")).isInstanceOf(RingFullException.class)
                .hasMessageContaining("waited PT0.05S for room");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(dead).isEmpty();
    }

    @Test
    void blockSucceedsOnceTheConsumerMakesRoom() throws Exception {
        Distributor<Object, Object> d = full(Backpressure.block(Duration.ofSeconds(10)));
        Thread releaser = new Thread(release::countDown);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> d.tellOne("waits"));
        releaser.start();
        sent.join();
        Awaitility.await().until(() -> handled.get() == 5);
    }

    @Test
    void deadLetterPolicyReportsEachMessageItCouldNotQueue() throws Exception {
        Distributor<Object, Object> d = full(Backpressure.deadLetter());
        d.tellOne("over1");
        d.tellOne("over2");
        CompletableFuture<Object> ask = d.askOne("over3");
        assertThatThrownBy(ask::join).hasCauseInstanceOf(RingFullException.class);
        assertThat(dead).extracting(DeadLetter::reason).containsOnly(DeadLetter.Reason.RING_FULL);
        assertThat(dead).extracting(DeadLetter::message).containsExactly("over1", "over2", "over3");
        assertThat(dead).allSatisfy(dl -> assertThat(dl.cause()).isInstanceOf(RingFullException.class));

        release.countDown();
        Awaitility.await().until(() -> handled.get() == 4);
        assertThat(handled).hasValue(4);
    }
}
