package io.rampart.demo;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.balance.LoadBalancer;
import io.rampart.SlotInfo;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A first look at Rampart: one engine, one group of workers, tells and asks, and what happened.
 * Not a benchmark (see {@code scripts/compare.sh}): one run, no warm-up discipline, timings are
 * indicative only.
 *
 * <pre>
 *   main thread --tellOne/askOne--> [sequencer: round robin] --> slot 0 ring --> worker 0
 *                                                            --> slot 1 ring --> worker 1
 * </pre>
 */
public final class Demo {
    private Demo() {
    }

    /** A worker: counts tells, answers asks with the square of the number asked. */
    private static final class Worker implements io.rampart.Handler<Long> {
        private final AtomicLong total;

        Worker(AtomicLong total) {
            this.total = total;
        }

        @Override
        public void handle(Long n, io.rampart.Context ctx) {
            if (ctx.isAsk()) {
                ctx.reply(n * n);
            } else {
                total.addAndGet(n);
            }
        }
    }

    public static void main(String[] args) {
        int tells = Integer.getInteger("demo.tells", 2_000_000);
        int asks = Integer.getInteger("demo.asks", 100_000);
        AtomicLong sum = new AtomicLong();
        GroupSpec<Long, Long> spec = GroupSpec.builder("workers", Long.class).answers(Long.class)
                .redundancy(2).ringSize(1 << 14)
                .loadBalancer(LoadBalancer.roundRobin())
                .handler(() -> new Worker(sum))
                .build();
        try (Engine engine = Engine.builder().name("demo").group(spec).build()) {
            engine.start();
            Distributor<Long, Long> workers = engine.distributor(spec);
            System.out.printf("engine 'demo' started: group 'workers', 2 slots, ring 16384, round robin, "
                    + "default wait strategy (backoffThenPark); %d cores%n", Runtime.getRuntime().availableProcessors());

            Long one = 1L;
            long t0 = System.nanoTime();
            for (int i = 0; i < tells; i++) {
                workers.tellOne(one);
            }
            while (sum.get() < tells) {
                Thread.onSpinWait();
            }
            long tellNanos = System.nanoTime() - t0;
            System.out.printf("tellOne: %,d messages handled in %d ms (%.1f M msgs/s, one producer thread)%n",
                    tells, TimeUnit.NANOSECONDS.toMillis(tellNanos), tells * 1e3 / tellNanos);

            Histogram rtt = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long wrong = 0;
            for (int i = 0; i < asks; i++) {
                long n = i;
                long start = System.nanoTime();
                long answer = workers.askOne(n).join();
                rtt.recordValue(System.nanoTime() - start);
                if (answer != n * n) {
                    wrong++;
                }
            }
            System.out.printf("askOne: %,d round trips, %d wrong answers; p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    asks, wrong, rtt.getValueAtPercentile(50) / 1e3, rtt.getValueAtPercentile(99) / 1e3,
                    rtt.getValueAtPercentile(99.9) / 1e3, rtt.getMaxValue() / 1e3);

            List<CompletableFuture<Long>> everyone = workers.askEveryone(7L);
            System.out.printf("askEveryone(7): %s%n", everyone.stream().map(CompletableFuture::join).toList());
            for (SlotInfo s : engine.slots()) {
                System.out.printf("  slot %d: %s, handled %,d, failures %d, backlog %d%n",
                        s.slot(), s.state(), s.handled(), s.failures(), s.backlog());
            }
            System.out.printf("dead letters: %d%n", engine.deadLetterCount());
        }
        System.out.println("engine closed: every slot drained, every thread joined");
    }
}
