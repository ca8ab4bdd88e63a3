package io.rampart;

import java.util.function.BooleanSupplier;
import io.rampart.balance.LoadBalancer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
        for (Engine e : engines) {
            assertThat(e.isTerminated()).as("%s terminated", e.name()).isTrue();
        }
    }

    private Engine start(GroupSpec<?, ?>... groups) {
        return start(Engine.builder(), groups);
    }

    // Closing waits for stuck handlers up to the close timeout: keep it short so a failing test fails fast.

    private Engine start(Engine.Builder builder, GroupSpec<?, ?>... groups) {
        builder.deadLetters(dead::add).closeTimeout(Duration.ofSeconds(5));
        for (GroupSpec<?, ?> g : groups) {
            builder.group(g);
        }
        Engine e = builder.build();
        engines.add(e);
        e.start();
        return e;
    }

    private static GroupSpec<Object, String> echo(String name, int slots) {
        return GroupSpec.builder(name, Object.class).answers(String.class).redundancy(slots).handler(() -> (m, ctx) -> {
            if (ctx.isAsk()) {
                ctx.reply(m + "@" + ctx.slot());
            }
        }).build();
    }

    @Test
    void askOneIsAnsweredAndAskEveryoneGetsOneAnswerPerSlot() {
        Engine engine = start(echo("echo", 3));
        Distributor<Object, String> d = engine.distributor("echo", Object.class, String.class);

        assertThat(d.askOne("hi").join()).matches("hi@[012]");
        List<CompletableFuture<String>> all = d.askEveryone("all");
        assertThat(all).hasSize(3);
        assertThat(all.stream().map(CompletableFuture::join)).containsExactly("all@0", "all@1", "all@2");
    }

    @Test
    void concurrentAskersEachGetTheirOwnAnswers() throws Exception {
        Engine engine = start(GroupSpec.builder("square", Integer.class).answers(Long.class).redundancy(2)
                .handler(() -> (n, ctx) -> ctx.reply((long) n * n)).build());
        Distributor<Integer, Long> d = engine.distributor("square", Integer.class, Long.class);
        int perCaller = 20_000;
        AtomicInteger right = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] callers = new Thread[2];
        for (int c = 0; c < callers.length; c++) {
            int base = c * perCaller;
            callers[c] = new Thread(() -> {
                try {
                    // Windows of 256 asks in flight, each answer checked against its own request.
                    for (int start = base; start < base + perCaller; start += 256) {
                        List<CompletableFuture<Long>> window = new ArrayList<>();
                        for (int i = start; i < Math.min(start + 256, base + perCaller); i++) {
                            window.add(d.askOne(i));
                        }
                        for (int k = 0; k < window.size(); k++) {
                            long n = start + k;
                            assertThat(window.get(k).join()).as("answer to %d", n).isEqualTo(n * n);
                            right.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(right).hasValue(2 * perCaller);
        assertThat(dead).isEmpty();
    }

    /** Waits for a condition without sleeping a fixed time: yields between looks, fails after 10 s. */
    static void spinUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.yield();
        }
    }

    @Test
    void anAskTimesOutOnTheEnginesClockAndItsLateReplyBecomesADeadLetter() {
        ManualScheduler time = new ManualScheduler();
        AtomicReference<Reply> parked = new AtomicReference<>();
        Engine engine = start(Engine.builder().scheduler(time),
                GroupSpec.builder("slow", Object.class).handler(() -> (m, ctx) -> parked.set(ctx.defer())).build());

        CompletableFuture<Object> f = engine.distributor("slow").askOne("q", Duration.ofMillis(50));
        await().atMost(5, TimeUnit.SECONDS).until(() -> parked.get() != null);
        time.advance(Duration.ofMillis(49));
        assertThat(f).isNotDone();
        time.advance(Duration.ofMillis(1));
        await().atMost(5, TimeUnit.SECONDS).until(f::isDone);
        assertThatThrownBy(f::join).hasCauseInstanceOf(AskTimeoutException.class)
                .hasMessageContaining("group 'slow' slot 0 timed out after PT0.05S");

        parked.get().reply("late");
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.LATE_REPLY);
            assertThat(dl.message()).isEqualTo("late");
        });
    }

    @Test
    void anAskThatExpiredInTheQueueIsNotHandled() throws Exception {
        ManualScheduler time = new ManualScheduler();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        Engine engine = start(Engine.builder().scheduler(time), GroupSpec.builder("held", Object.class).handler(() -> (m, ctx) -> {
            handled.add(m);
            if (m.equals("hold")) {
                holding.countDown();
                release.await();
            } else if (ctx.isAsk()) {
                ctx.reply("ok");
            }
        }).build());
        Distributor<Object, Object> d = engine.distributor("held");
        d.tellOne("hold");
        holding.await();
        CompletableFuture<Object> f = d.askOne("expires", Duration.ofMillis(10));
        time.advance(Duration.ofMillis(10));
        await().atMost(5, TimeUnit.SECONDS).until(f::isDone);
        release.countDown();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !dead.isEmpty());
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.EXPIRED_ASK);
            assertThat(dl.message()).isEqualTo("expires");
        });
        assertThat(d.askOne("after").join()).isEqualTo("ok");
        assertThat(handled).containsExactly("hold", "after");
    }

    @Test
    void handlerOutcomesReachTheAskerOrDeadLetters() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicReference<Throwable> secondReply = new AtomicReference<>();
        AtomicReference<Throwable> replyToTell = new AtomicReference<>();
        Engine engine = start(GroupSpec.builder("h", String.class).handler(() -> (m, ctx) -> {
            switch (m) {
                case "throw" -> throw boom;
                case "silent" -> { }
                case "fail" -> ctx.fail(new IllegalArgumentException("bad request"));
                case "twice" -> {
                    ctx.reply(1);
                    try {
                        ctx.reply(2);
                    } catch (IllegalStateException e) {
                        secondReply.set(e);
                    }
                }
                case "tell-reply" -> {
                    try {
                        ctx.reply("x");
                    } catch (IllegalStateException e) {
                        replyToTell.set(e);
                    }
                }
                default -> ctx.reply(m);
            }
        }).build());
        Distributor<Object, Object> d = engine.distributor("h");

        assertThatThrownBy(() -> d.askOne("throw").join()).hasCause(boom);
        assertThatThrownBy(() -> d.askOne("silent").join()).hasCauseInstanceOf(NoReplyException.class)
                .hasMessageContaining("group 'h' slot 0 returned without replying");
        assertThatThrownBy(() -> d.askOne("fail").join()).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(d.askOne("twice").join()).isEqualTo(1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> secondReply.get() != null);
        assertThat(secondReply.get()).hasMessageContaining("already answered");

        d.tellOne("throw");
        d.tellOne("tell-reply");
        await().atMost(5, TimeUnit.SECONDS).until(() -> replyToTell.get() != null);
        assertThat(replyToTell.get()).hasMessageContaining("came by tell");
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
            assertThat(dl.message()).isEqualTo("throw");
            assertThat(dl.cause()).isSameAs(boom);
        });
        assertThat(d.askOne("still works").join()).isEqualTo("still works");
    }

    @Test
    void leastLoadedRoutesAroundASlotHeldOnALatchUntilItIsReleased() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        int[] perSlot = new int[3];
        Engine engine = start(GroupSpec.builder("ll", String.class).answers(Integer.class).redundancy(3)
                .loadBalancer(LoadBalancer.leastLoaded())
                .handler(() -> (m, ctx) -> {
                    if (m.equals("hold")) {
                        holding.countDown();
                        release.await();
                        return;
                    }
                    synchronized (perSlot) {
                        perSlot[ctx.slot()]++;
                    }
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot());
                    }
                }).build());
        Distributor<String, Integer> d = engine.distributor("ll", String.class, Integer.class);
        try {
            d.tellOne("hold");
            holding.await();
            int held = engine.slots().stream().filter(s -> s.backlog() == 1).findFirst().orElseThrow().slot();

            // Send only when every free slot is idle, so the held slot (backlog 1) is never a tie.
            for (int i = 0; i < 2_000; i++) {
                spinUntil(() -> engine.slots().stream().filter(x -> x.slot() != held).allMatch(x -> x.backlog() == 0));
                d.tellOne("work");
            }
            assertThat(engine.slots().get(held).backlog()).as("nothing routed to the held slot").isEqualTo(1);
            spinUntil(() -> engine.slots().stream().mapToLong(SlotInfo::handled).sum() == 2_000);
            synchronized (perSlot) {
                assertThat(perSlot[held]).isZero();
                assertThat(perSlot[0] + perSlot[1] + perSlot[2]).isEqualTo(2_000);
            }
            release.countDown();
            await().atMost(5, TimeUnit.SECONDS).until(() -> engine.slots().get(held).backlog() == 0);
            Set<Integer> reached = new HashSet<>();
            for (int i = 0; i < 300 && reached.size() < 3; i++) {
                reached.add(d.askOne("work").join());
            }
            assertThat(reached).as("released, it takes work again").contains(held);
        } finally {
            release.countDown();
        }
    }

    @Test
    void consistentHashingSendsEveryMessageWithAKeyToOneSlot() {
        Map<String, Set<Integer>> slotsByKey = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        Engine engine = start(GroupSpec.builder("ch", String.class).redundancy(4)
                .loadBalancer(LoadBalancer.<String>consistentHash(m -> m.split("/")[0]))
                .handler(() -> (m, ctx) -> {
                    slotsByKey.computeIfAbsent(m.split("/")[0], k -> ConcurrentHashMap.newKeySet()).add(ctx.slot());
                    handled.incrementAndGet();
                }).build());
        Distributor<Object, Object> d = engine.distributor("ch");
        for (int i = 0; i < 20_000; i++) {
            d.tellOne("key" + (i % 200) + "/" + i);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> handled.get() == 20_000);
        assertThat(slotsByKey).hasSize(200);
        assertThat(slotsByKey.values()).allSatisfy(s -> assertThat(s).hasSize(1));
        assertThat(slotsByKey.values().stream().map(s -> s.iterator().next()).distinct()).hasSize(4);
    }

    @Test
    void twoEnginesWithTheSameGroupNamesDoNotSeeEachOther() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        Engine one = start(Engine.builder().name("same"), GroupSpec.builder("w", Object.class).redundancy(2)
                .handler(() -> (m, ctx) -> a.incrementAndGet()).build());
        Engine two = start(Engine.builder().name("same"), GroupSpec.builder("w", Object.class).redundancy(2)
                .handler(() -> (m, ctx) -> b.incrementAndGet()).build());
        for (int i = 0; i < 1_000; i++) {
            one.distributor("w").tellOne(i);
        }
        for (int i = 0; i < 300; i++) {
            two.distributor("w").tellOne(i);
        }
        one.close();
        two.close();
        assertThat(a).hasValue(1_000);
        assertThat(b).hasValue(300);
    }
}
