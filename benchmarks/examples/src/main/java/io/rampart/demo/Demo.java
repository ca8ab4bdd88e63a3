package io.rampart.demo;

import io.rampart.Context;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.SlotInfo;
import io.rampart.balance.LoadBalancer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A first look at Rampart: one engine, a group of workers, tells and asks; then a handler that crashes on a
 * poison message and its supervisor restarting the slot in place, the messages queued behind the poison
 * handled by the new handler; and what happened. Exits 1 if the queued messages were not all handled after
 * the restart. Not a benchmark (see {@code scripts/compare.sh}): one run, no warm-up discipline, timings are
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

    /** The message that makes an {@link Orders} handler throw. */
    static final String POISON = "POISON";

    /**
     * A handler that crashes on {@link #POISON}. Each instance has a number (the factory counts them), so a
     * message handled after a restart shows the new handler's number. On the poison it first waits until the
     * demo has queued more messages behind it, so that they are in the slot's ring when it crashes.
     */
    private static final class Orders implements Handler<String> {
        private final int instance;
        private final List<String> handled;
        private final CountDownLatch queuedBehind;

        Orders(int instance, List<String> handled, CountDownLatch queuedBehind) {
            this.instance = instance;
            this.handled = handled;
            this.queuedBehind = queuedBehind;
        }

        @Override
        public void handle(String order, Context ctx) throws InterruptedException {
            if (POISON.equals(order)) {
                queuedBehind.await(5, TimeUnit.SECONDS);
                throw new IllegalStateException("cannot handle " + order);
            }
            handled.add(order + " by handler #" + instance);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int tells = Integer.getInteger("demo.tells", 2_000_000);
        int asks = Integer.getInteger("demo.asks", 100_000);
        AtomicLong sum = new AtomicLong();
        AtomicInteger ordersHandlers = new AtomicInteger();
        List<String> ordersHandled = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch queuedBehind = new CountDownLatch(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        boolean crashDemoOk;
        GroupSpec<Long, Long> spec = GroupSpec.builder("workers", Long.class).answers(Long.class)
                .redundancy(2).ringSize(1 << 14)
                .loadBalancer(LoadBalancer.roundRobin())
                .handler(() -> new Worker(sum))
                .build();
        GroupSpec<String, Object> ordersSpec = GroupSpec.builder("orders", String.class).redundancy(2)
                .handler(() -> new Orders(ordersHandlers.incrementAndGet(), ordersHandled, queuedBehind))
                .build();
        try (Engine engine = Engine.builder().name("demo")
                .group(spec)
                .group(ordersSpec)
                .deadLetters(DemoEvents.deadLetters(events))
                .supervisionEvents(DemoEvents.supervision(events))
                .build()) {
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

            // Crash and restart: slot 0 of 'orders' gets order-1, the poison, then order-2..order-4 queued behind it.
            System.out.printf("%ncrash and restart: group 'orders' (2 slots, handlers #1 and #2, numbered as the "
                    + "factory makes them); to slot 0: order-1, %s, order-2, order-3, order-4%n", POISON);
            Distributor<String, Object> orders = engine.distributor(ordersSpec);
            orders.tellTo(0, "order-1");
            orders.tellTo(0, POISON);
            for (int i = 2; i <= 4; i++) {
                orders.tellTo(0, "order-" + i);
            }
            queuedBehind.countDown(); // the poison's handler now throws, with three messages in its ring
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ordersHandled.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            synchronized (events) {
                events.forEach(e -> System.out.println("  " + e));
            }
            List<String> seen;
            synchronized (ordersHandled) {
                seen = List.copyOf(ordersHandled);
            }
            System.out.printf("  handled on slot 0, in order: %s%n", seen);
            // order-1 by the slot's first handler; order-2..4 all by one new handler, made after the start (#3 or up).
            String first = seen.isEmpty() ? "" : seen.get(0).replaceFirst("^order-1 by ", "");
            String after = seen.size() < 2 ? "" : seen.get(1).replaceFirst("^order-2 by ", "");
            crashDemoOk = seen.size() == 4 && seen.get(0).startsWith("order-1 by ")
                    && seen.equals(List.of("order-1 by " + first, "order-2 by " + after, "order-3 by " + after,
                            "order-4 by " + after))
                    && Integer.parseInt(after.replace("handler #", "")) > 2;
            System.out.println(crashDemoOk
                    ? "  same slot, same ring, a new " + after + " in place of " + first + ": the three messages "
                            + "queued behind the crash were handled, in order, none lost, none handled twice"
                    : "  UNEXPECTED: the messages queued behind the crash were not handled as expected");
            System.out.println();
            for (SlotInfo s : engine.slots()) {
                System.out.printf("  %s slot %d: %s, handled %,d, failures %d, restarts %d, backlog %d%n",
                        s.group(), s.slot(), s.state(), s.handled(), s.failures(), s.restarts(), s.backlog());
            }
            System.out.printf("dead letters: %d%n", engine.deadLetterCount());
        }
        System.out.println("engine closed: every slot drained, every thread joined");
        if (!crashDemoOk) {
            System.exit(1);
        }
    }
}
