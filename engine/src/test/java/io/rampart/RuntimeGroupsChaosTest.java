package io.rampart;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Senders keep sending (tells and asks) while a group is added and removed again and again under a
 * one-for-all supervisor whose handlers fail now and then (so restarts run during adds, removals and
 * drains), and the engine is closed while the churn goes on. Everything is counted: every tell that
 * returned was handled exactly once or dead-lettered, never both; every ask completed; every thread
 * the engine's factory made was joined.
 */
class RuntimeGroupsChaosTest {
    private static final int SENDERS = 2; // the machine has 2 cores
    private static final int CYCLES = 25;

    @Test
    void addingAndRemovingGroupsUnderConcurrentSendsLosesNothingAndRunsNothingTwice() throws Exception {
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger handledTwice = new AtomicInteger();
        Set<Long> failedOnce = ConcurrentHashMap.newKeySet();
        Map<Long, DeadLetter.Reason> dead = new ConcurrentHashMap<>();
        List<Thread> made = new CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();

        GroupSpec<Long, Long> stable = spec("stable", handled, handledTwice, failedOnce);
        Engine engine = Engine.builder().name("chaos")
                .deadLetters(d -> {
                    if (dead.put((Long) d.message(), d.reason()) != null) {
                        handledTwice.incrementAndGet(); // dead-lettered twice counts as a duplicate too
                    }
                })
                .threadFactory(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    made.add(t);
                    return t;
                })
                .supervisor(SupervisorSpec.builder("sup").strategy(SupervisionStrategy.ONE_FOR_ALL).group(stable).build())
                .build();
        engine.start();

        AtomicLong ids = new AtomicLong();
        Set<Long> acceptedTells = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Long>> asks = new CopyOnWriteArrayList<>();
        Map<CompletableFuture<Long>, Long> askIds = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger churnAccepted = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch sendersDone = new CountDownLatch(SENDERS);

        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Thread t = new Thread(() -> {
                try {
                    Distributor<Long, Long> churn = null;
                    for (int i = 0; !stop.get(); i++) {
                        boolean toChurn = (i & 1) == 0;
                        Distributor<Long, Long> d;
                        if (toChurn) {
                            if (churn == null || i % 16 == 0) { // sometimes keep a stale handle, sometimes look again
                                try {
                                    churn = engine.distributor("churn", Long.class, Long.class);
                                } catch (NoSuchGroupException none) {
                                    refused.incrementAndGet();
                                    continue;
                                }
                            }
                            d = churn;
                        } else {
                            d = engine.distributor(stable);
                        }
                        long id = ids.incrementAndGet();
                        try {
                            if (id % 3 == 0) {
                                CompletableFuture<Long> f = d.askOne(id, Duration.ofSeconds(30));
                                askIds.put(f, id);
                                asks.add(f);
                            } else {
                                d.tellOne(id);
                                acceptedTells.add(id);
                                if (toChurn) {
                                    churnAccepted.incrementAndGet();
                                }
                            }
                        } catch (GroupStoppedException | SlotUnavailableException | RingFullException e) {
                            refused.incrementAndGet(); // not accepted: GroupRemovedException for a stale handle
                        }
                    }
                } catch (EngineClosedException closed) {
                    // the engine closed under the senders: done
                } catch (Throwable t2) {
                    unexpected.add(t2);
                } finally {
                    sendersDone.countDown();
                }
            }, "chaos-sender-" + s);
            senders.add(t);
            t.start();
        }

        int removedAndJoined = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            engine.addGroup("sup", spec("churn", handled, handledTwice, failedOnce));
            int before = churnAccepted.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> churnAccepted.get() >= before + 50);
            assertThat(engine.removeGroup("churn")).as("cycle %d: drained and joined", cycle).isTrue();
            assertThat(made).filteredOn(th -> th.getName().startsWith("chaos-churn-")).noneMatch(Thread::isAlive);
            removedAndJoined++;
        }
        // A last add, and the engine closed while the senders and the add run.
        CompletableFuture<Void> lastAdd = CompletableFuture.runAsync(
                () -> engine.addGroup("sup", spec("churn", handled, handledTwice, failedOnce)));
        engine.close();
        stop.set(true);
        assertThat(sendersDone.await(30, TimeUnit.SECONDS)).isTrue();
        for (Thread t : senders) {
            t.join();
        }
        try {
            lastAdd.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EngineClosedException.class); // closed before or while it ran
        }

        assertThat(unexpected).isEmpty();
        assertThat(removedAndJoined).isEqualTo(CYCLES);
        assertThat(engine.isTerminated()).isTrue();
        assertThat(made).as("every thread the engine made was joined").noneMatch(Thread::isAlive);
        // Every ask completed exactly once (a future cannot complete twice; none is left pending).
        await().atMost(Duration.ofSeconds(30)).until(() -> asks.stream().allMatch(CompletableFuture::isDone));
        List<String> wrongAnswers = new ArrayList<>();
        for (CompletableFuture<Long> f : asks) {
            long id = askIds.get(f);
            if (!f.isCompletedExceptionally() && (f.join() != id || !handled.contains(id))) {
                wrongAnswers.add("ask " + id + " answered " + f.join());
            }
        }
        assertThat(wrongAnswers).isEmpty();
        // Every accepted tell: handled exactly once, or dead-lettered with a reason, never both.
        assertThat(handledTwice).as("handled or dead-lettered twice").hasValue(0);
        List<String> wrong = new ArrayList<>();
        for (long id : acceptedTells) {
            boolean h = handled.contains(id);
            boolean d = dead.containsKey(id);
            if (h == d) {
                wrong.add("tell " + id + ": handled=" + h + " dead=" + d);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(acceptedTells).hasSizeGreaterThan(CYCLES * 50);
        assertThat(refused.get()).as("some sends met a removed group").isPositive();
        System.out.printf("runtime groups chaos: %d cycles, %d tells accepted, %d asks, %d refused, %d dead letters%n",
                CYCLES, acceptedTells.size(), asks.size(), refused.get(), dead.size());
    }

    /** Answers its id; fails once on every 37th id (no retries: that message is dead-lettered or its ask failed). */
    private static GroupSpec<Long, Long> spec(String name, Set<Long> handled, AtomicInteger twice, Set<Long> failedOnce) {
        return GroupSpec.builder(name, Long.class).answers(Long.class).redundancy(2).backoff(Backoff.none())
                .handler(() -> (id, ctx) -> {
                    if (id % 37 == 0 && failedOnce.add(id)) {
                        throw new IllegalStateException("planned failure on " + id);
                    }
                    if (!handled.add(id)) {
                        twice.incrementAndGet();
                    }
                    if (ctx.isAsk()) {
                        ctx.reply(id);
                    }
                }).build();
    }
}
