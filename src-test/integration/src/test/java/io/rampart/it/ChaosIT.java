package io.rampart.it;

import io.rampart.Backoff;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.SlotInfo;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection under load: 4 slots, 2 producers, 1,000,000 messages (a tenth of them asks), of
 * which about 1% make the handler throw, chosen at random from a printed seed (rerun one with
 * {@code -Dchaos.seed=N}). Every message is counted: handled exactly once or dead-lettered with
 * its exception, every ask completed exactly once, one restart per failure, nothing replayed, and
 * each producer's order kept within each slot across the restarts.
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
        AtomicLongArray lastSeq = new AtomicLongArray(SLOTS * PRODUCERS);
        for (int i = 0; i < lastSeq.length(); i++) {
            lastSeq.set(i, -1);
        }
        AtomicReference<String> disorder = new AtomicReference<>();
        AtomicLong handlersMade = new AtomicLong();
        ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();

        Engine engine = Engine.builder().name("chaos").deadLetters(dead::add).closeTimeout(Duration.ofSeconds(60))
                .group(GroupSpec.builder("workers", Msg.class).answers(Integer.class).redundancy(SLOTS).ringSize(1024)
                        .backoff(Backoff.none())
                        .handler(() -> {
                            handlersMade.incrementAndGet();
                            return (m, ctx) -> {
                                attempts.incrementAndGet(m.id());
                                int k = ctx.slot() * PRODUCERS + m.producer();
                                long prev = lastSeq.getAndSet(k, m.seq());
                                if (m.seq() <= prev && disorder.get() == null) {
                                    disorder.set("slot " + ctx.slot() + ": producer " + m.producer() + " seq " + m.seq()
                                            + " after " + prev);
                                }
                                if (fails.get(m.id())) {
                                    throw new PlannedFailure(m.id());
                                }
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
        go.countDown();
        for (Thread t : producers) {
            t.join();
        }
        engine.close();
        assertThat(producerFailure.get()).isNull();
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

        // One restart per failure, in place.
        long restarts = engine.slots().stream().mapToLong(SlotInfo::restarts).sum();
        long failures = engine.slots().stream().mapToLong(SlotInfo::failures).sum();
        long handled = engine.slots().stream().mapToLong(SlotInfo::handled).sum();
        assertThat(failures).isEqualTo(fails.cardinality());
        assertThat(restarts).isEqualTo(failures);
        assertThat(handlersMade.get()).isEqualTo(SLOTS + restarts);
        assertThat(handled + failures).isEqualTo(TOTAL);

        System.out.printf("chaos: sent %,d (%,d tells, %,d asks); handled %,d; dead-lettered %,d; restarts %,d; "
                        + "asks completed %,d (%,d answered, %,d failed)%n",
                TOTAL, TOTAL - askCount, askCount, handled, dead.size(), restarts, asksCompleted.get(), answered, failed);
    }
}
