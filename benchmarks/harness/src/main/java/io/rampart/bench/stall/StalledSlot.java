package io.rampart.bench.stall;

import io.rampart.Backpressure;
import io.rampart.Context;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.RingFullException;
import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One slot of two stalls now and then; how long do senders wait, and how many sends are refused?
 * Head-of-line protection ({@code LoadBalancer.spillsOver()}) on and off, in the same build: "off" is
 * round robin behind a balancer that makes the same picks and does not spill, which is how every
 * balancer behaved before.
 *
 * <p>Open loop: one sender thread sends {@code tellOne} at a fixed rate, each send due at
 * {@code start + i / rate}; a send's latency counts from when it was due to when {@code tellOne}
 * returned (or threw), so a sender held up by backpressure also delays, and is charged for, the sends
 * behind it. Slot 0's handler parks {@code --stall-ms} once every {@code --every-ms}; slot 1's never
 * stalls; both otherwise count and return. Threads: 3 (the sender, two slots). Backpressure:
 * {@code block(--block-ms)}. At the end every accepted message must have been handled or
 * dead-lettered (checked: exit 1 otherwise).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rampart.bench.stall.StalledSlot --spill on|off
 *     [--rate 20000] [--seconds 10] [--ring 64] [--stall-ms 20] [--every-ms 100] [--block-ms 10]
 * </pre>
 */
public final class StalledSlot {
    private StalledSlot() {
    }

    /**
     * @param args see the class documentation
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        boolean spill = true;
        long rate = 20_000;
        long seconds = 10;
        int ring = 64;
        long stallMs = 20;
        long everyMs = 100;
        long blockMs = 10;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--spill" -> spill = switch (String.valueOf(value)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--spill takes on or off, not " + value);
                };
                case "--rate" -> rate = Long.parseLong(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--ring" -> ring = Integer.parseInt(value);
                case "--stall-ms" -> stallMs = Long.parseLong(value);
                case "--every-ms" -> everyMs = Long.parseLong(value);
                case "--block-ms" -> blockMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --spill on|off [--rate N] [--seconds N] [--ring N] [--stall-ms N] [--every-ms N] [--block-ms N]");
            }
            i++;
        }
        if (rate <= 0 || seconds <= 0 || stallMs < 0 || everyMs <= 0 || blockMs <= 0) {
            throw new IllegalArgumentException("rate, seconds, every-ms and block-ms must be positive, stall-ms at least 0");
        }

        AtomicLong handled = new AtomicLong();
        AtomicLong dead = new AtomicLong();
        long stallNanos = stallMs * 1_000_000;
        long everyNanos = everyMs * 1_000_000;
        LoadBalancer roundRobin = LoadBalancer.roundRobin();
        LoadBalancer balancer = spill ? roundRobin : new LoadBalancer() {
            @Override
            public int select(Object message, Slots slots) {
                return roundRobin.select(message, slots);
            }
            // spillsOver() left at its default, false: the behaviour before head-of-line protection
        };
        Engine engine = Engine.builder().name("stalled-slot")
                .deadLetters((DeadLetter d) -> dead.incrementAndGet())
                .group(GroupSpec.builder("work", Object.class).redundancy(2).ringSize(ring).loadBalancer(balancer)
                        .backpressure(Backpressure.block(Duration.ofMillis(blockMs)))
                        .handler(() -> new Handler<Object>() {
                            private long nextStall = System.nanoTime() + everyNanos;

                            @Override
                            public void handle(Object message, Context ctx) {
                                if (ctx.slot() == 0 && System.nanoTime() - nextStall >= 0) {
                                    LockSupport.parkNanos(stallNanos);
                                    nextStall = System.nanoTime() + everyNanos;
                                }
                                handled.incrementAndGet();
                            }
                        }).build())
                .build();
        engine.start();
        Distributor<Object, Object> work = engine.distributor("work");

        Histogram latency = new Histogram(3);
        long interval = 1_000_000_000L / rate;
        long planned = seconds * rate;
        long warmup = Math.min(planned / 5, 2 * rate); // the first 2 s (or fifth) are not recorded
        long refused = 0;
        long accepted = 0;
        Object message = "m";
        long start = System.nanoTime() + interval;
        for (long i = 0; i < planned; i++) {
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) - due < 0) {
                if (due - now > 200_000) {
                    LockSupport.parkNanos(due - now - 150_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            boolean ok = true;
            try {
                work.tellOne(message);
            } catch (RingFullException e) {
                ok = false;
            }
            long took = System.nanoTime() - due;
            if (ok) {
                accepted++;
            } else {
                refused++;
            }
            if (i >= warmup) {
                latency.recordValue(took);
            }
        }
        engine.close();
        long lost = accepted - handled.get() - dead.get();
        System.out.printf("spill=%s rate=%d/s ring=%d stall %d ms every %d ms, block(%d ms), %d s: sent %,d, refused %,d (%.2f%%);"
                        + " send latency from due time (after %,d warm-up sends) p50 %.1f us, p99 %.1f us, p99.9 %.1f us,"
                        + " max %.1f us; accepted %,d = handled %,d + dead letters %,d%n",
                spill ? "on" : "off", rate, ring, stallMs, everyMs, blockMs, seconds, planned, refused,
                100.0 * refused / planned, warmup, latency.getValueAtPercentile(50) / 1e3,
                latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
                latency.getMaxValue() / 1e3, accepted, handled.get(), dead.get());
        if (lost != 0) {
            System.out.println("FAIL: " + lost + " accepted messages neither handled nor dead-lettered");
            System.exit(1);
        }
    }
}
