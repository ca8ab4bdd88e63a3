package io.rampart.it;

import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.EngineClosedException;
import io.rampart.GroupSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closes an engine while two producers are sending tells and asks flat out, then counts: every tell
 * that was accepted was handled or dead-lettered, every ask completed exactly once, and no engine
 * thread is left.
 */
class CloseUnderLoadIT {

    @Test
    void closeDrainsAcceptedTellsCompletesEveryAskAndJoinsEveryThread() throws Exception {
        AtomicLong tellsHandled = new AtomicLong();
        AtomicLong asksHandled = new AtomicLong();
        ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();
        Engine engine = Engine.builder().name("closing").deadLetters(dead::add).closeTimeout(Duration.ofSeconds(60))
                .group(GroupSpec.builder("w", String.class).redundancy(3).ringSize(256)
                        .handler(() -> (m, ctx) -> {
                            if (ctx.isAsk()) {
                                asksHandled.incrementAndGet();
                                ctx.reply(m);
                            } else {
                                tellsHandled.incrementAndGet();
                            }
                        }).build())
                .build();
        engine.start();
        Distributor<String, Object> d = engine.distributor("w", String.class, Object.class);

        AtomicLong tellsAccepted = new AtomicLong();
        AtomicLong tellsRejected = new AtomicLong();
        AtomicLong asksCompleted = new AtomicLong();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<List<CompletableFuture<Object>>> asks = new ArrayList<>();
        CountDownLatch warm = new CountDownLatch(2);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < producers.length; p++) {
            List<CompletableFuture<Object>> mine = new ArrayList<>();
            asks.add(mine);
            producers[p] = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        if (i == 20_000) {
                            warm.countDown();
                        }
                        if (i % 4 == 0) {
                            CompletableFuture<Object> f = d.askOne("a" + i);
                            f.whenComplete((v, e) -> asksCompleted.incrementAndGet());
                            mine.add(f);
                        } else {
                            d.tellOne("t" + i);
                            tellsAccepted.incrementAndGet();
                        }
                    }
                } catch (EngineClosedException e) {
                    tellsRejected.incrementAndGet();
                } catch (Throwable t) {
                    unexpected.set(t);
                } finally {
                    warm.countDown();
                }
            });
            producers[p].start();
        }
        warm.await();
        engine.close();
        for (Thread t : producers) {
            t.join();
        }

        assertThat(unexpected.get()).isNull();
        assertThat(engine.isTerminated()).isTrue();
        assertThat(tellsRejected).as("both producers were stopped by the close").hasValue(2);
        long tellsDead = dead.stream().filter(dl -> dl.message().toString().startsWith("t")).count();
        assertThat(tellsHandled.get() + tellsDead).as("accepted tells = handled + dead-lettered")
                .isEqualTo(tellsAccepted.get());
        long asked = asks.stream().mapToLong(List::size).sum();
        assertThat(asks).allSatisfy(list -> assertThat(list).allMatch(CompletableFuture::isDone));
        assertThat(asksCompleted).as("every ask completed exactly once").hasValue(asked);
        long answered = asks.stream().flatMap(List::stream).filter(f -> !f.isCompletedExceptionally()).count();
        assertThat(answered).as("asks accepted before the close were answered").isEqualTo(asksHandled.get());
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("closing-"));
        System.out.printf("close under load: %d tells accepted, %d handled, %d dead; %d asks, %d answered%n",
                tellsAccepted.get(), tellsHandled.get(), tellsDead, asked, answered);
    }
}
