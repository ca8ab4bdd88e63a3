package io.rampart;

import io.rampart.balance.LoadBalancer;
import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Engine#metrics(String)} after a known mix of traffic, counted exactly: handled messages,
 * failures and the restarts they cause, ring-full refusals, dead letters by reason, asks in flight
 * while a handler is held on a latch, ask timeouts on a {@link ManualScheduler}, and the latency
 * histograms (N values when recorded, none when not). The per-message context reaches the handler
 * and the dead letters.
 */
class MetricsTest {
    private static final int N = 40;
    private static final int K = 3;

    private final ManualScheduler time = new ManualScheduler();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private final Semaphore done = new Semaphore(0);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Engine engine;

    private static ConditionFactory soon() {
        return await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(1));
    }

    /** "fail" throws; "hold" waits on the latch; anything else is handled (and an ask answered with its context). */
    private Handler<Object> handler() {
        return (m, ctx) -> {
            if (m.equals("fail")) {
                throw new IllegalStateException("planned failure");
            }
            if (m.equals("hold")) {
                holding.countDown();
                release.await();
            }
            if (m.equals("ok")) {
                seen.add(ctx.correlation() == null ? "none" : ctx.correlation());
            }
            if (ctx.isAsk()) {
                ctx.reply(ctx.correlation());
            }
            done.release();
        };
    }

    private Engine start(boolean latency) {
        engine = Engine.builder().name("metrics").scheduler(time).deadLetters(dead::add)
                .closeTimeout(Duration.ofSeconds(5))
                .group(GroupSpec.builder("mix", Object.class).ringSize(8).backpressure(Backpressure.failFast())
                        .backoff(Backoff.none()).recordLatency(latency).handler(this::handler).build())
                .group(GroupSpec.builder("dl", Object.class).ringSize(4).backpressure(Backpressure.deadLetter())
                        .handler(this::handler).build())
                .build();
        engine.start();
        return engine;
    }

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
            assertThat(engine.isTerminated()).isTrue();
        }
    }

    private SlotMetrics slot(String group) {
        return engine.metrics(group).slots().get(0);
    }

    /** N plain tells, K failing tells (each one failure, one restart, one HANDLER_FAILED dead letter). */
    private void handledAndFailed(Distributor<Object, Object> mix) throws InterruptedException {
        for (int i = 0; i < N; i++) {
            if (i < N / 2) { // then N / 2 without, in the same ring entries: a context never outlives its message
                mix.tellOne("ok", "trace-" + i);
            } else {
                mix.tellOne("ok");
            }
            done.acquire(); // one at a time: the ring of 8 never fills
        }
        for (int k = 1; k <= K; k++) {
            mix.tellOne("fail", "trace-fail-" + k);
            int restarts = k;
            soon().until(() -> slot("mix").restarts() == restarts && slot("mix").state() == SlotState.RUNNING);
        }
    }

    @Test
    void countsAKnownMixExactly() throws Exception {
        start(true);
        Distributor<Object, Object> mix = engine.distributor("mix");
        handledAndFailed(mix);

        // Hold the handler; two asks queue behind it and are in flight; 5 fills take the ring to 8.
        mix.tellOne("hold");
        holding.await();
        CompletableFuture<Object> a1 = mix.askOne("ask", "trace-a1", Duration.ofMillis(100));
        CompletableFuture<Object> a2 = mix.askOne("ask", Duration.ofMillis(100));
        for (int i = 0; i < 5; i++) {
            mix.tellOne("fill");
        }
        soon().until(() -> engine.metrics("mix").asksInFlight() == 2);
        assertThat(slot("mix").backlog()).isEqualTo(8);

        // failFast: 3 tells thrown and 1 ask failed, all ring-full refusals of slot 0.
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> mix.tellOne("over", "trace-over")).isInstanceOf(RingFullException.class);
        }
        assertThat(mix.askOne("over-ask", Duration.ofSeconds(1))).isCompletedExceptionally();
        assertThat(slot("mix").ringFullRefusals()).isEqualTo(4);

        // The two queued asks time out on the engine's clock: 2 timeouts, then 2 EXPIRED_ASK dead letters.
        time.advance(Duration.ofMillis(100));
        soon().until(() -> a1.isDone() && a2.isDone());
        assertThatThrownBy(a1::join).hasCauseInstanceOf(AskTimeoutException.class);
        soon().until(() -> engine.metrics("mix").askTimeouts() == 2);
        release.countDown();
        soon().until(() -> slot("mix").handled() == N + 1 + 5 && slot("mix").backlog() == 0);
        soon().until(() -> engine.metrics("mix").asksInFlight() == 0);

        GroupMetrics m = engine.metrics("mix");
        SlotMetrics s = m.slots().get(0);
        assertThat(s.group()).isEqualTo("mix");
        assertThat(s.state()).isEqualTo(SlotState.RUNNING);
        assertThat(s.handled()).isEqualTo(N + 1 + 5);
        assertThat(s.failures()).isEqualTo(K);
        assertThat(s.restarts()).isEqualTo(K);
        assertThat(s.ringFullRefusals()).isEqualTo(4);
        assertThat(s.stalled()).isFalse();
        assertThat(m.askTimeouts()).isEqualTo(2);
        assertThat(m.deadLetters(DeadLetter.Reason.HANDLER_FAILED)).isEqualTo(K);
        assertThat(m.deadLetters(DeadLetter.Reason.EXPIRED_ASK)).isEqualTo(2);
        assertThat(m.deadLettersTotal()).isEqualTo(K + 2);
        assertThat(m.deadLetters()).containsOnlyKeys(DeadLetter.Reason.values());

        // Every message the handler ran once: N + K + hold + 5 fills (the expired asks never ran).
        long ran = N + K + 1 + 5;
        assertThat(s.recordsLatency()).isTrue();
        assertThat(s.queueWait().getTotalCount()).isEqualTo(ran);
        assertThat(s.serviceTime().getTotalCount()).isEqualTo(ran);
        // The held message's run is the longest; the fills waited behind it.
        assertThat(s.serviceTime().getMaxValue()).isPositive();
        assertThat(s.queueWait().getMaxValue()).isPositive();

        // The context reached the handler (the first half of the "ok" tells had one) and the dead letters.
        assertThat(seen).hasSize(N);
        assertThat(seen.stream().filter("none"::equals).count()).isEqualTo(N / 2);
        assertThat(seen.subList(0, N / 2)).containsExactly(java.util.stream.IntStream.range(0, N / 2)
                .mapToObj(i -> "trace-" + i).toArray());
        assertThat(dead).filteredOn(d -> d.reason() == DeadLetter.Reason.HANDLER_FAILED)
                .extracting(DeadLetter::correlation).containsExactly("trace-fail-1", "trace-fail-2", "trace-fail-3");
        assertThat(dead).filteredOn(d -> d.reason() == DeadLetter.Reason.EXPIRED_ASK)
                .extracting(DeadLetter::correlation).containsExactlyInAnyOrder("trace-a1", null);

        // The other group saw none of it.
        GroupMetrics other = engine.metrics("dl");
        assertThat(other.deadLettersTotal()).isZero();
        assertThat(other.handled()).isZero();
        assertThat(engine.metrics()).extracting(GroupMetrics::group).containsExactly("mix", "dl");
    }

    @Test
    void ringFullDeadLettersAreCountedByReasonWithTheirContext() throws Exception {
        start(false);
        Distributor<Object, Object> d = engine.distributor("dl");
        d.tellOne("hold");
        holding.await();
        for (int i = 0; i < 3; i++) {
            d.tellOne("fill");
        }
        for (int i = 0; i < 2; i++) {
            d.tellOne("over", "trace-over-" + i); // the deadLetter policy: accepted by dead letters
        }
        GroupMetrics m = engine.metrics("dl");
        assertThat(m.deadLetters(DeadLetter.Reason.RING_FULL)).isEqualTo(2);
        assertThat(m.slots().get(0).ringFullRefusals()).isEqualTo(2);
        assertThat(dead).extracting(DeadLetter::reason).containsOnly(DeadLetter.Reason.RING_FULL);
        assertThat(dead).extracting(DeadLetter::correlation).containsExactly("trace-over-0", "trace-over-1");
        assertThat(engine.metrics("mix").deadLettersTotal()).isZero();
    }

    @Test
    void withoutLatencyRecordingThereAreNoHistograms() throws Exception {
        start(false);
        Distributor<Object, Object> mix = engine.distributor("mix");
        handledAndFailed(mix);
        SlotMetrics s = slot("mix");
        assertThat(s.handled()).isEqualTo(N);
        assertThat(s.failures()).isEqualTo(K);
        assertThat(s.recordsLatency()).isFalse();
        assertThat(s.queueWait()).isNull();
        assertThat(s.serviceTime()).isNull();
    }

    @Test
    void histogramsAreCumulativeCopies() throws Exception {
        start(true);
        Distributor<Object, Object> mix = engine.distributor("mix");
        for (int i = 0; i < N; i++) {
            mix.tellOne("ok");
            done.acquire();
        }
        SlotMetrics first = slot("mix");
        Histogram h = first.queueWait();
        assertThat(h.getTotalCount()).isEqualTo(N);
        h.reset(); // a copy: the snapshot and the slot keep their counts
        assertThat(first.queueWait().getTotalCount()).isEqualTo(N);
        mix.tellOne("ok");
        done.acquire();
        soon().until(() -> slot("mix").serviceTime().getTotalCount() == N + 1);
        assertThat(slot("mix").queueWait().getTotalCount()).isEqualTo(N + 1);
        assertThat(first.queueWait().getTotalCount()).isEqualTo(N);
    }

    @Test
    void anAskCarriesItsContextToTheHandler() {
        start(false);
        Distributor<Object, Object> mix = engine.distributor("mix");
        assertThat(mix.askOne("q", "corr-7", Duration.ofSeconds(5)).join()).isEqualTo("corr-7");
        assertThat(mix.askOne("q", Duration.ofSeconds(5)).join()).isNull();
        assertThat(mix.askOne("q", null, Duration.ofSeconds(5)).join()).isNull();
    }

    /**
     * A slot that stops for good hands its queue to another slot (see HandOverOrderTest): the moved
     * messages keep their context, and are recorded once each, by the slot that ran them.
     */
    @Test
    void aMovedMessageKeepsItsContext() {
        List<String> got = new CopyOnWriteArrayList<>();
        LoadBalancer rr = LoadBalancer.roundRobin();
        engine = Engine.builder().name("moved").deadLetters(dead::add)
                .group(GroupSpec.builder("g", String.class).redundancy(2).restart(RestartPolicy.never()).recordLatency(true)
                        .loadBalancer((m, slots) -> slots.isRunning(0) ? 0 : rr.select(m, slots))
                        .handler(() -> (m, ctx) -> {
                            if (m.equals("gate")) {
                                release.await();
                            } else if (m.equals("crash")) {
                                throw new IllegalStateException("crash");
                            } else {
                                got.add(ctx.slot() + ":" + m + ":" + ctx.correlation());
                            }
                        }).build())
                .build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("g");
        d.tellOne("gate");
        d.tellOne("crash");
        for (int i = 1; i <= 3; i++) {
            d.tellOne("m" + i, "c" + i);
        }
        release.countDown();
        soon().until(() -> got.size() == 3);
        assertThat(got).containsExactly("1:m1:c1", "1:m2:c2", "1:m3:c3");
        soon().until(() -> engine.metrics("g").slots().get(1).queueWait().getTotalCount() == 3);
        assertThat(engine.metrics("g").slots().get(0).queueWait().getTotalCount()).isEqualTo(2); // gate, crash
        assertThat(dead).extracting(DeadLetter::message).containsExactly("crash");
    }

    @Test
    void anUnknownGroupIsRefused() {
        start(false);
        assertThatThrownBy(() -> engine.metrics("nope")).isInstanceOf(NoSuchGroupException.class);
    }
}
