package io.rampart.it;

import io.rampart.Backoff;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ConcurrentHashMap;
import io.rampart.SupervisionEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection under load: 4 slots, 2 producers, 1,000,000 messages (a tenth of them asks), of
 * which about 1% make the handler throw, chosen at random from a printed seed (rerun one with
 * {@code -Dchaos.seed=N}). Meanwhile an operator thread resizes the group at random between 2 and 6
 * slots, and adds a second group, sends to it and removes it, again and again. Every message is
 * counted: handled exactly once or dead-lettered with its exception, every ask completed exactly
 * once, one restart per failure, nothing replayed, each producer's order kept within each slot
 * (each slot's ring, on its own thread) across the restarts, and every message sent to an added
 * group handled before its removal returned.
 */
class ChaosIT {
    private static final int SLOTS = 4;
    private static final int PRODUCERS = 2;
    private static final int PER_PRODUCER = 500_000;
    private static final int TOTAL = PRODUCERS * PER_PRODUCER;

    record Msg(int producer, int seq, int id) {
    }

    static final class PlannedFailure extends RuntimeException {
        PlannedFailure(int id) {
            super("planned failure of message " + id, null, false, false);
        }
    }

    @Test
    void everyMessageIsHandledOnceOrDeadLetteredAcrossThousandsOfRestarts() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("chaos seed: " + seed + " (rerun with -Dchaos.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        BitSet fails = new BitSet(TOTAL);
        for (int id = 0; id < TOTAL; id++) {
            if (random.nextInt(100) == 0) {
                fails.set(id);
            }
        }

        AtomicIntegerArray attempts = new AtomicIntegerArray(TOTAL);
        // A slot is its ring and its consumer thread (restarts keep both; a resize that later reuses an
        // index makes a new ring and thread): each producer's order is checked per consumer thread.
        ConcurrentHashMap<Thread, AtomicLongArray> lastSeq = new ConcurrentHashMap<>();
        AtomicReference<String> disorder = new AtomicReference<>();
        AtomicLong handlersMade = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();
        AtomicLong restarts = new AtomicLong();
        AtomicLong slotsAdded = new AtomicLong();

        Engine engine = Engine.builder().name("chaos").deadLetters(dead::add).closeTimeout(Duration.ofSeconds(60))
                .supervisionEvents(e -> {
                    if (e instanceof SupervisionEvent.Restart r && r.group().equals("workers")) {
                        restarts.incrementAndGet();
                    } else if (e instanceof SupervisionEvent.GroupResized r && r.to() > r.from()) {
                        slotsAdded.addAndGet(r.to() - r.from());
                    }
                })
                .group(GroupSpec.builder("workers", Msg.class).answers(Integer.class).redundancy(SLOTS).ringSize(1024)
                        .backoff(Backoff.none())
                        .handler(() -> {
                            handlersMade.incrementAndGet();
                            return (m, ctx) -> {
                                attempts.incrementAndGet(m.id());
                                AtomicLongArray mine = lastSeq.computeIfAbsent(Thread.currentThread(), t -> {
                                    AtomicLongArray a = new AtomicLongArray(PRODUCERS);
                                    for (int i = 0; i < PRODUCERS; i++) {
                                        a.set(i, -1);
                                    }
                                    return a;
                                });
                                long prev = mine.getAndSet(m.producer(), m.seq());
                                if (m.seq() <= prev && disorder.get() == null) {
                                    disorder.set("slot " + ctx.slot() + ": producer " + m.producer() + " seq " + m.seq()
                                            + " after " + prev);
                                }
                                if (fails.get(m.id())) {
                                    failures.incrementAndGet();
                                    throw new PlannedFailure(m.id());
                                }
                                handled.incrementAndGet();
                                if (ctx.isAsk()) {
                                    ctx.reply(m.id());
                                }
                            };
                        }).build())
                .build();
        engine.start();
        Distributor<Msg, Integer> d = engine.distributor("workers", Msg.class, Integer.class);

        AtomicLong asksCompleted = new AtomicLong();
        List<List<CompletableFuture<Integer>>> asks = new ArrayList<>();
        List<List<Msg>> asked = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            List<Msg> messages = new ArrayList<>();
            asks.add(futures);
            asked.add(messages);
            producers[p] = new Thread(() -> {
                try {
                    go.await();
                    for (int seq = 0; seq < PER_PRODUCER; seq++) {
                        Msg m = new Msg(producer, seq, producer * PER_PRODUCER + seq);
                        if (seq % 10 == 0) {
                            CompletableFuture<Integer> f = d.askOne(m, Duration.ofSeconds(60));
                            f.whenComplete((v, e) -> asksCompleted.incrementAndGet());
                            futures.add(f);
                            messages.add(m);
                        } else {
                            d.tellOne(m);
                        }
                    }
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, "chaos-producer-" + p);
            producers[p].start();
        }
        // The operator: resizes the group while it works, and adds, feeds and removes another group.
        AtomicLong resizes = new AtomicLong();
        AtomicLong sideSent = new AtomicLong();
        AtomicLong sideHandled = new AtomicLong();
        AtomicLong sideGroups = new AtomicLong();
        AtomicReference<Throwable> operatorFailure = new AtomicReference<>();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        Thread operator = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(seed + 1);
            try {
                go.await();
                while (producersDone.getCount() > 0) {
                    engine.resize("workers", 2 + r.nextInt(5));
                    resizes.incrementAndGet();
                    if (resizes.get() % 3 == 0) {
                        Distributor<Integer, Object> side = engine.addGroup(GroupSpec.builder("side", Integer.class)
                                .redundancy(1 + r.nextInt(2)).handler(() -> (m, ctx) -> sideHandled.incrementAndGet())
                                .build());
                        sideGroups.incrementAndGet();
                        for (int i = 0; i < 1_000; i++) {
                            side.tellOne(i);
                            sideSent.incrementAndGet();
                        }
                        assertThat(engine.removeGroup("side")).isTrue();
                        assertThat(sideHandled.get()).as("an added group's messages, after its removal").isEqualTo(sideSent.get());
                    }
                }
            } catch (Throwable t) {
                operatorFailure.set(t);
            }
        }, "chaos-operator");
        operator.start();
        go.countDown();
        for (Thread t : producers) {
            t.join();
            producersDone.countDown();
        }
        operator.join();
        engine.close();
        assertThat(producerFailure.get()).isNull();
        assertThat(operatorFailure.get()).isNull();
        assertThat(resizes.get()).as("resizes while the producers ran").isPositive();
        assertThat(engine.isTerminated()).isTrue();

        // Every message reached a handler exactly once: none lost, none replayed after a restart.
        int never = 0;
        int twice = 0;
        for (int id = 0; id < TOTAL; id++) {
            int n = attempts.get(id);
            if (n == 0) {
                never++;
            } else if (n > 1) {
                twice++;
            }
        }
        assertThat(never).as("messages never handled").isZero();
        assertThat(twice).as("messages handled more than once").isZero();
        assertThat(disorder.get()).as("per-producer order within a slot").isNull();

        // Failing tells are dead letters with their exception; failing asks fail with it instead.
        int failingTells = 0;
        int failingAsks = 0;
        for (int id = fails.nextSetBit(0); id >= 0; id = fails.nextSetBit(id + 1)) {
            if ((id % PER_PRODUCER) % 10 == 0) {
                failingAsks++;
            } else {
                failingTells++;
            }
        }
        assertThat(dead).allSatisfy(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
            assertThat(dl.cause()).isInstanceOf(PlannedFailure.class);
            assertThat(fails.get(((Msg) dl.message()).id())).isTrue();
        });
        assertThat(dead).hasSize(failingTells);

        // Every ask completed exactly once, with its answer or its handler's failure.
        long askCount = asks.stream().mapToLong(List::size).sum();
        assertThat(asksCompleted).hasValue(askCount);
        int answered = 0;
        int failed = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < asks.get(p).size(); i++) {
                CompletableFuture<Integer> f = asks.get(p).get(i);
                Msg m = asked.get(p).get(i);
                if (fails.get(m.id())) {
                    assertThat(f).isCompletedExceptionally();
                    failed++;
                } else {
                    assertThat(f.join()).isEqualTo(m.id());
                    answered++;
                }
            }
        }
        assertThat(failed).isEqualTo(failingAsks);

        // One restart per failure, in place; one new handler per slot a resize added.
        assertThat(failures.get()).isEqualTo(fails.cardinality());
        assertThat(restarts.get()).isEqualTo(failures.get());
        assertThat(handlersMade.get()).isEqualTo(SLOTS + slotsAdded.get() + restarts.get());
        assertThat(handled.get() + failures.get()).isEqualTo(TOTAL);
        assertThat(sideHandled.get()).isEqualTo(sideSent.get());

        System.out.printf("chaos: sent %,d (%,d tells, %,d asks); handled %,d; dead-lettered %,d; restarts %,d; "
                        + "asks completed %,d (%,d answered, %,d failed); %,d resizes (%,d slots added); "
                        + "%,d groups added and removed, %,d messages to them, all handled%n",
                TOTAL, TOTAL - askCount, askCount, handled.get(), dead.size(), restarts.get(), asksCompleted.get(),
                answered, failed, resizes.get(), slotsAdded.get(), sideGroups.get(), sideSent.get());
    }
}
