package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * close() from every place user code runs (a handler, a reply callback on a slot thread, a timeout
 * callback on the timer thread), during start(), from two threads at once; and what close() owes
 * whoever calls it from outside: a bounded wait, a drained queue, every ask completed, every thread
 * joined.
 */
class CloseTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();
    /** For handlers that call their own engine. */
    private final AtomicReference<Engine> engineRef = new AtomicReference<>();

    @AfterEach
    void cleanUp() {
        gates.forEach(g -> { while (g.getCount() > 0) g.countDown(); });
        engines.forEach(Engine::close);
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    private Engine build(String name, GroupSpec<?, ?>... groups) {
        Engine.Builder b = Engine.builder().name(name).deadLetters(dead::add).closeTimeout(CLOSE_TIMEOUT);
        for (GroupSpec<?, ?> g : groups) {
            b.group(g);
        }
        Engine e = b.build();
        engines.add(e);
        return e;
    }

    /** Live threads whose name starts with the engine's: every thread an engine starts is named so. */
    static List<String> aliveThreadsOf(String engine) {
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(engine + "-") && t.isAlive()) {
                alive.add(t.getName() + " " + t.getState());
            }
        }
        return alive;
    }

    @Test
    void closeFromATimeoutCallbackOnTheTimerThreadDoesNotDeadlock() throws Exception {
        CountDownLatch slow = gate();
        Engine e = build("timer-close", GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> {
            slow.await();
            ctx.reply(m);
        }).build());
        e.start();
        AtomicReference<String> closedOn = new AtomicReference<>();
        CompletableFuture<Object> ask = e.distributor("g").askOne("slow", Duration.ofMillis(20));
        CompletableFuture<Void> closed = ask.handle((v, t) -> {
            closedOn.set(Thread.currentThread().getName());
            e.close(); // on the timer thread: starts the shutdown and returns
            return null;
        }).thenRun(() -> { });

        closed.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(closedOn.get()).isEqualTo("timer-close-ask-timer");
        assertThatThrownBy(ask::join).hasCauseInstanceOf(AskTimeoutException.class);
        slow.countDown();
        assertThat(e.awaitTermination(CLOSE_TIMEOUT)).as("terminated").isTrue();
        assertThat(aliveThreadsOf("timer-close")).isEmpty();
        assertThat(dead).extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.LATE_REPLY);
    }

    @Test
    void closeFromAReplyCallbackOnTheSlotThreadDrainsTheQueueInsteadOfDeadLetteringIt() throws Exception {
        CountDownLatch hold = gate();
        AtomicInteger handled = new AtomicInteger();
        Engine e = build("slot-close", GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> {
            if (ctx.isAsk()) {
                hold.await();
                ctx.reply("ok"); // completes the ask on this slot's thread: the callback below runs here
            } else {
                handled.incrementAndGet();
            }
        }).build());
        e.start();
        Distributor<Object, Object> d = e.distributor("g");
        AtomicReference<String> closedOn = new AtomicReference<>();
        d.askOne("first").thenRun(() -> {
            closedOn.set(Thread.currentThread().getName());
            e.close();
        });
        for (int i = 0; i < 100; i++) {
            d.tellOne(i);
        }
        long start = System.nanoTime();
        hold.countDown();

        await().atMost(CLOSE_TIMEOUT).until(() -> !e.isRunning()); // the callback has called close()
        assertThat(e.awaitTermination(CLOSE_TIMEOUT)).as("terminated").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSE_TIMEOUT);
        assertThat(closedOn.get()).isEqualTo("slot-close-g-0");
        assertThat(handled).hasValue(100);
        assertThat(dead).isEmpty();
        assertThat(aliveThreadsOf("slot-close")).isEmpty();
    }

    @Test
    void closeFromInsideAHandlerReturnsAtOnceAndTheSlotFinishesItsDrain() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch closeReturned = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        Engine e = build("handler-close", GroupSpec.builder("g", String.class).handler(() -> (m, ctx) -> {
            if (m.equals("close")) {
                queued.await();
                engineRef.get().close();
                closeReturned.countDown();
            }
            handled.incrementAndGet();
        }).build());
        engineRef.set(e);
        e.start();
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne("close");
        for (int i = 0; i < 10; i++) {
            d.tellOne("m" + i);
        }
        queued.countDown();

        assertThat(closeReturned.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(e.awaitTermination(CLOSE_TIMEOUT)).isTrue();
        assertThat(handled).hasValue(11);
        assertThat(dead).isEmpty();
        assertThatThrownBy(() -> d.tellOne("late")).isInstanceOf(EngineClosedException.class);
    }


    @Test
    void awaitTerminationOnAnEngineThreadIsRefusedInsteadOfWaitingForItself() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Engine e = build("await-self", GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> {
            Engine self = engineRef.get();
            self.shutdown();
            try {
                self.awaitTermination(Duration.ofSeconds(1));
            } catch (Throwable t) {
                thrown.set(t);
            }
            done.countDown();
        }).build());
        engineRef.set(e);
        e.start();
        e.distributor("g").tellOne("x");
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("engine's own thread await-self-g-0");
        assertThat(e.awaitTermination(CLOSE_TIMEOUT)).isTrue();
    }

    @RepeatedTest(20)
    void closeReturnsOnlyOnceEveryThreadItStartedHasEnded() {
        Engine e = build("joined", GroupSpec.builder("a", Object.class).redundancy(2).handler(() -> (m, ctx) -> { }).build(),
                GroupSpec.builder("b", Object.class).handler(() -> (m, ctx) -> { }).build());
        e.start();
        e.distributor("a").tellOne("x");
        e.close();
        assertThat(e.isTerminated()).isTrue();
        assertThat(aliveThreadsOf("joined")).isEmpty();
    }

    @Test
    void closeDuringAStartThatNeverFinishesReturnsWithinItsTimeout() throws Exception {
        CountDownLatch factoryBlocked = new CountDownLatch(1);
        CountDownLatch never = gate();
        Engine e = Engine.builder().name("slow-start").deadLetters(dead::add).closeTimeout(Duration.ofMillis(300))
                .group(GroupSpec.builder("g", Object.class).handler(() -> {
                    factoryBlocked.countDown();
                    while (never.getCount() > 0) {
                        try {
                            never.await();
                        } catch (InterruptedException ignoredOnPurpose) {
                            // a factory stuck on a connect that ignores interrupts
                        }
                    }
                    return (m, ctx) -> { };
                }).build())
                .build();
        engines.add(e);
        CompletableFuture<Void> starting = CompletableFuture.runAsync(e::start);
        assertThat(factoryBlocked.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        e.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> starting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(EngineClosedException.class);
        assertThat(e.slots()).extracting(SlotInfo::state).containsExactly(SlotState.ABANDONED);
        assertThat(e.isTerminated()).isFalse();
        // Once the factory returns, the abandoned slot ends and the engine terminates with it.
        never.countDown();
        await().atMost(Duration.ofSeconds(5)).until(e::isTerminated);
        assertThat(aliveThreadsOf("slow-start")).isEmpty();
    }

    @Test
    void closeGivesUpOnAStuckHandlerNamesItAbandonedAndFailsThePendingAsks() throws Exception {
        CountDownLatch stuck = gate();
        CountDownLatch inHandler = new CountDownLatch(1);
        Engine e = Engine.builder().name("stuck").deadLetters(dead::add).closeTimeout(Duration.ofMillis(200))
                .group(GroupSpec.builder("g", Object.class).handler(() -> (m, ctx) -> {
                    inHandler.countDown();
                    while (stuck.getCount() > 0) {
                        try {
                            stuck.await();
                        } catch (InterruptedException ignoredOnPurpose) {
                            // a handler that ignores interrupts: close() must still return
                        }
                    }
                }).build())
                .build();
        engines.add(e);
        e.start();
        CompletableFuture<Object> inHand = e.distributor("g").askOne("stuck", Duration.ofMinutes(1));
        CompletableFuture<Object> queued = e.distributor("g").askOne("queued", Duration.ofMinutes(1));
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();

        e.close();
        assertThat(e.slots()).extracting(SlotInfo::state).containsExactly(SlotState.ABANDONED);
        assertThatThrownBy(inHand::join).hasCauseInstanceOf(EngineClosedException.class);
        assertThatThrownBy(queued::join).hasCauseInstanceOf(EngineClosedException.class);
        assertThat(e.isTerminated()).isFalse();
        assertThat(aliveThreadsOf("stuck")).singleElement().asString().startsWith("stuck-g-0");

        stuck.countDown();
        await().atMost(Duration.ofSeconds(5)).until(e::isTerminated);
        assertThat(aliveThreadsOf("stuck")).isEmpty();
    }

    @Test
    void closeFromTwoThreadsAtOnceReturnsInBothAndTerminatesOnce() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Engine e = build("twice", GroupSpec.builder("g", Object.class).redundancy(2).handler(() -> (m, ctx) -> handled.incrementAndGet())
                .build());
        e.start();
        for (int i = 0; i < 1000; i++) {
            e.distributor("g").tellOne(i);
        }
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> { awaitGo(go); e.close(); });
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> { awaitGo(go); e.close(); });
        go.countDown();
        CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);
        assertThat(e.isTerminated()).isTrue();
        assertThat(handled).hasValue(1000);
        assertThat(aliveThreadsOf("twice")).isEmpty();
    }

    @Test
    void aHandlerFactoryThatKeepsFailingWhileClosingIsTriedOnceAndTheQueueIsDeadLettered() throws Exception {
        AtomicInteger factoryCalls = new AtomicInteger();
        AtomicInteger mode = new AtomicInteger(); // 0: healthy, 1: the connection is gone
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = gate();
        Engine e = build("lost", GroupSpec.builder("g", String.class)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(10), 0))
                .handler(() -> {
                    factoryCalls.incrementAndGet();
                    if (mode.get() == 1) {
                        throw new IllegalStateException("broker unreachable");
                    }
                    return (m, ctx) -> {
                        if (m.equals("crash")) {
                            inHandler.countDown();
                            release.await();
                            mode.set(1);
                            throw new IllegalStateException("connection lost");
                        }
                    };
                }).build());
        e.start();
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne("crash");
        for (int i = 0; i < 5; i++) {
            d.tellOne("queued" + i);
        }
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        e.shutdown();
        release.countDown();

        long start = System.nanoTime();
        assertThat(e.awaitTermination(CLOSE_TIMEOUT)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(factoryCalls.get()).as("factory calls: the first handler, then one try while closing").isEqualTo(2);
        assertThat(dead).extracting(DeadLetter::message)
                .containsExactly("crash", "queued0", "queued1", "queued2", "queued3", "queued4");
        assertThat(dead.subList(1, 6)).allSatisfy(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.ENGINE_CLOSED);
            assertThat(dl.cause()).hasRootCauseMessage("broker unreachable");
        });
    }

    private static void awaitGo(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "the factory fails on thread {0}")
    @ValueSource(ints = {1, 2})
    void aThreadFactoryThatFailsMidStartFailsStartAndTerminatesAtOnce(int failingThread) {
        AtomicInteger made = new AtomicInteger();
        Engine e = Engine.builder().name("no-threads").closeTimeout(CLOSE_TIMEOUT)
                .threadFactory(r -> {
                    if (made.incrementAndGet() == failingThread) { // 1: the ask timer's, 2: a slot's
                        throw new IllegalStateException("no more threads");
                    }
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                })
                .group(GroupSpec.builder("g", Object.class).redundancy(2).handler(() -> (m, ctx) -> { }).build())
                .build();
        engines.add(e);
        long start = System.nanoTime();
        assertThatThrownBy(e::start).isInstanceOf(RampartException.class).hasRootCauseMessage("no more threads");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSE_TIMEOUT);
        assertThat(e.isTerminated()).isTrue();
        assertThat(aliveThreadsOf("no-threads")).isEmpty();
    }

    /**
     * The default scheduler makes its thread lazily, at the first restart. When that first restart
     * happens during the drain, close() must still join the thread: the list of threads to join is
     * taken once the engine has ended, not before.
     */
    @RepeatedTest(10)
    void closeJoinsASchedulerThreadMadeDuringTheDrain() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = gate();
        Engine e = build("late-scheduler", GroupSpec.builder("g", String.class).handler(() -> (m, ctx) -> {
            if (m.equals("hold")) {
                inHandler.countDown();
                release.await();
            } else if (m.equals("crash")) {
                throw new IllegalStateException("the engine's first failure, during the drain");
            }
        }).build());
        e.start();
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne("hold");
        d.tellOne("crash");
        d.tellOne("after");
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(aliveThreadsOf("late-scheduler")).noneMatch(t -> t.startsWith("late-scheduler-scheduler"));
        e.shutdown();
        release.countDown();

        e.close();
        assertThat(e.isTerminated()).isTrue();
        assertThat(aliveThreadsOf("late-scheduler")).isEmpty();
    }
}
