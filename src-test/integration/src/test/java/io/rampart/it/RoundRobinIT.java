package io.rampart.it;

import io.rampart.balance.LoadBalancer;
import io.rampart.Context;
import io.rampart.Handler;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.SlotInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round robin through the whole engine, counted message by message. Its rotation is exact while the
 * rings have room: each ring here holds a slot's whole share, so no send ever finds its ring full
 * (a full ring's turn spills to the slot with the most room: HeadOfLineTest in the engine).
 */
class RoundRobinIT {

    @Test
    void oneProducerTellsIntoFourSlotsGivesEachExactlyAQuarter() {
        int share = 1 << 16;
        AtomicLongArray perSlot = new AtomicLongArray(4);
        Engine engine = Engine.builder().name("rr1")
                .group(GroupSpec.builder("w", Object.class).redundancy(4).ringSize(share)
                        .loadBalancer(LoadBalancer.roundRobin())
                        .handler(() -> (m, ctx) -> perSlot.incrementAndGet(ctx.slot())).build())
                .build();
        engine.start();
        Distributor<Object, Object> d = engine.distributor("w");
        Object message = "m";
        for (int i = 0; i < 4 * share; i++) {
            d.tellOne(message);
        }
        engine.close();

        assertThat(engine.isTerminated()).isTrue();
        for (int s = 0; s < 4; s++) {
            assertThat(perSlot.get(s)).as("slot %d", s).isEqualTo(share);
        }
        assertThat(engine.slots()).extracting(SlotInfo::handled).containsOnly((long) share);
        assertThat(engine.deadLetterCount()).isZero();
    }

    /** Messages carry (producer, sequence): each must arrive once, in its producer's order within a slot. */
    @Test
    void twoConcurrentProducersEveryMessageOnceAndInProducerOrderPerSlot() throws Exception {
        int share = 1 << 16;
        int perProducer = 2 * share;
        AtomicIntegerArray seen = new AtomicIntegerArray(2 * perProducer);
        AtomicReference<String> disorder = new AtomicReference<>();
        Engine engine = Engine.builder().name("rr2").closeTimeout(Duration.ofSeconds(60))
                .group(GroupSpec.builder("w", long[].class).redundancy(4).ringSize(share)
                        .handler(() -> new Handler<long[]>() {
                            // Each slot has its own handler instance: the last sequence per producer here.
                            private final long[] last = {-1, -1};

                            @Override
                            public void handle(long[] m, Context ctx) {
                                int producer = (int) m[0];
                                if (m[1] <= last[producer]) {
                                    disorder.compareAndSet(null, "slot " + ctx.slot() + ": producer " + producer
                                            + " sent " + m[1] + " after " + last[producer]);
                                }
                                last[producer] = m[1];
                                seen.incrementAndGet(producer * perProducer + (int) m[1]);
                            }
                        }).build())
                .build();
        engine.start();
        Distributor<long[], Object> d = engine.distributor("w", long[].class, Object.class);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int id = p;
            producers[p] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    d.tellOne(new long[] {id, i});
                }
            }, "producer-" + p);
            producers[p].start();
        }
        go.countDown();
        for (Thread t : producers) {
            t.join();
        }
        engine.close();

        assertThat(disorder.get()).isNull();
        int missing = 0;
        int duplicated = 0;
        for (int i = 0; i < seen.length(); i++) {
            int n = seen.get(i);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                duplicated++;
            }
        }
        assertThat(missing).as("messages never handled").isZero();
        assertThat(duplicated).as("messages handled twice").isZero();
        assertThat(engine.slots()).extracting(SlotInfo::handled).containsOnly((long) share);
    }
}
