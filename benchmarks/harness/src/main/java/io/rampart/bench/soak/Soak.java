package io.rampart.bench.soak;

import io.rampart.Backpressure;
import io.rampart.Context;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.EngineClosedException;
import io.rampart.GroupSpec;
import io.rampart.GroupStoppedException;
import io.rampart.Handler;
import io.rampart.balance.LoadBalancer;
import io.rampart.RingFullException;
import io.rampart.SlotInfo;
import io.rampart.SlotUnavailableException;
import io.rampart.SupervisionStrategy;
import io.rampart.SupervisorSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A soak run: one engine under supervision at a steady rate for minutes, watched for leaks and lost
 * messages. Not a benchmark: the rate is fixed (open loop, each producer sends what its schedule says
 * is due every millisecond), far below what the engine can take.
 *
 * <pre>
 *  load-0, load-1 (fixed rate)                         engine "soak"
 *   tellOne   ~20,000/s ─┐    root (ONE_FOR_ONE)
 *   askOne     ~2,000/s ─┤    ├── pipeline (REST_FOR_ONE)
 *   tellEveryone   5/s  ─┼──► │   ├── ingest   2 slots, block(50 ms), retries(1)
 *   askEveryone    2/s  ─┘    │   └── enrich   2 slots, block(50 ms), power of two choices
 *                             ├── workers      3 slots, deadLetter(), least loaded, redistributeWhileRestarting
 *                             └── audit        2 slots, failFast(), consistent hash
 * </pre>
 *
 * About 0.5% of messages make their handler throw (slots restart all the time); about 0.2% of asks
 * are slow (the handler takes 5 ms) with a 2 ms timeout, so ask timeouts and late replies happen.
 *
 * <p>Every report interval (a minute by default) and at the end it prints one line: heap used after
 * an explicit GC, live threads, the engine's threads, pending asks (the engine's count and the
 * senders' count of incomplete futures), dead letters, restarts, messages sent and handled. Then it
 * closes the engine and checks that every accepted tell was handled or dead-lettered, every ask
 * completed, no engine thread is left, and heap after GC did not grow by more than
 * {@code --heap-growth-pct} from the first report to the end; it exits 1 if any check fails.
 *
 * <p>Usage: {@code Soak (--minutes n | --seconds n) [--report-seconds n] [--tell-rate n] [--ask-rate n]
 * [--broadcast-rate n] [--ask-everyone-rate n] [--failure-rate f] [--heap-growth-pct p]
 * [--heap-slack-mb m] [--seed n]}. {@code scripts/soak.sh} builds the jar and runs it.
 */
public final class Soak {
    private static final String ENGINE = "soak";
    private static final String[] GROUPS = {"ingest", "enrich", "workers", "audit"};
    private static final int PRODUCERS = 2;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLOW_ASK_TIMEOUT = Duration.ofMillis(2);
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final double SLOW_ASK_RATE = 0.002;

    /** Options, with their defaults. */
    static final class Options {
        long seconds = -1;
        long reportSeconds = -1;
        int tellRate = 20_000;
        int askRate = 2_000;
        int broadcastRate = 5;
        int askEveryoneRate = 2;
        double failureRate = 0.005;
        double heapGrowthPct = 20;
        double heapSlackMb = 4;
        long seed = System.nanoTime();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (args[i].equals("-h") || args[i].equals("--help")) {
                    throw new IllegalArgumentException("help");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--minutes" -> o.seconds = Math.round(Double.parseDouble(v) * 60);
                    case "--seconds" -> o.seconds = Long.parseLong(v);
                    case "--report-seconds" -> o.reportSeconds = Long.parseLong(v);
                    case "--tell-rate" -> o.tellRate = Integer.parseInt(v);
                    case "--ask-rate" -> o.askRate = Integer.parseInt(v);
                    case "--broadcast-rate" -> o.broadcastRate = Integer.parseInt(v);
                    case "--ask-everyone-rate" -> o.askEveryoneRate = Integer.parseInt(v);
                    case "--failure-rate" -> o.failureRate = Double.parseDouble(v);
                    case "--heap-growth-pct" -> o.heapGrowthPct = Double.parseDouble(v);
                    case "--heap-slack-mb" -> o.heapSlackMb = Double.parseDouble(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.seconds <= 0) {
                throw new IllegalArgumentException("give --minutes n or --seconds n");
            }
            if (o.reportSeconds <= 0) {
                // A minute, or four reports in a run shorter than two minutes.
                o.reportSeconds = o.seconds >= 120 ? 60 : Math.max(1, o.seconds / 4);
            }
            return o;
        }
    }

    /** What a message is, decided by its producer's random draw. */
    record Msg(long id, int key, boolean poison, boolean slow, boolean tell) {
    }

    /** The failure a poison message injects. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(Msg m) {
            super("injected failure of message " + m.id(), null, false, false);
        }
    }

    // ---- counters: senders' side and handlers' side ------------------------------------------------

    private final LongAdder tellsSent = new LongAdder();
    /** Tells accepted: tellOne that returned, plus each slot a tellEveryone reached. */
    private final LongAdder tellCopiesAccepted = new LongAdder();
    private final LongAdder broadcastsSent = new LongAdder();
    private final LongAdder asksSent = new LongAdder();
    private final LongAdder asksCompleted = new LongAdder();
    private final LongAdder tellsHandled = new LongAdder();
    private final LongAdder asksHandled = new LongAdder();
    /** Dead letters that are a tell's own end (not a broadcast refused whole under deadLetter). */
    private final LongAdder tellsDead = new LongAdder();
    private final EnumMap<DeadLetter.Reason, LongAdder> deadByReason = new EnumMap<>(DeadLetter.Reason.class);
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> askOutcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final LongAdder pendingRingFullBroadcasts = new LongAdder();
    private volatile boolean stop;

    private Soak() {
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            deadByReason.put(r, new LongAdder());
        }
    }

    final class Worker implements Handler<Msg> {
        @Override
        public void handle(Msg m, Context ctx) {
            if (m.slow()) {
                LockSupport.parkNanos(SLOW_NANOS); // slow work, not a wait for anything
            }
            if (m.poison()) {
                throw new InjectedFailure(m);
            }
            if (ctx.isAsk()) {
                asksHandled.increment();
                ctx.reply(m.id());
            } else {
                tellsHandled.increment();
            }
        }
    }

    private void onDeadLetter(DeadLetter dl) {
        deadByReason.get(dl.reason()).increment();
        if (dl.reason() != DeadLetter.Reason.LATE_REPLY && dl.message() instanceof Msg m && m.tell()) {
            if (dl.reason() == DeadLetter.Reason.RING_FULL && refusedBroadcast(m)) {
                return; // a tellEveryone refused whole: dead-lettered once, reached no slot, returned 0
            }
            tellsDead.increment();
        }
    }

    /**
     * Broadcasts are the only messages with a negative id. Under deadLetter a tellEveryone that found
     * a ring full dead-letters the message once (RING_FULL), reaches no slot and returns 0, so that
     * letter is the refusal, not an accepted copy's end. (No group here hands a queue over on a stop
     * for good, the only other way a broadcast copy could meet a full ring.)
     */
    private boolean refusedBroadcast(Msg m) {
        if (m.id() >= 0) {
            return false;
        }
        pendingRingFullBroadcasts.increment();
        return true;
    }

    private Engine build() {
        return Engine.builder().name(ENGINE).deadLetters(this::onDeadLetter).askTimeout(ASK_TIMEOUT)
                .closeTimeout(Duration.ofSeconds(30))
                .supervisor(SupervisorSpec.builder("pipeline").strategy(SupervisionStrategy.REST_FOR_ONE)
                        .group(GroupSpec.builder("ingest", Msg.class).redundancy(2).ringSize(4096)
                                .backpressure(Backpressure.block(Duration.ofMillis(50))).retries(1)
                                .handler(Worker::new).build())
                        .group(GroupSpec.builder("enrich", Msg.class).redundancy(2).ringSize(4096)
                                .backpressure(Backpressure.block(Duration.ofMillis(50)))
                                .loadBalancer(LoadBalancer::powerOfTwoChoices).handler(Worker::new).build())
                        .build())
                .group(GroupSpec.builder("workers", Msg.class).redundancy(3).ringSize(1024)
                        .backpressure(Backpressure.deadLetter()).loadBalancer(LoadBalancer::leastLoaded)
                        .redistributeWhileRestarting(true).handler(Worker::new).build())
                .group(GroupSpec.builder("audit", Msg.class).redundancy(2).ringSize(1024)
                        .backpressure(Backpressure.failFast())
                        .loadBalancer(() -> LoadBalancer.<Msg>consistentHash(Msg::key)).handler(Worker::new).build())
                .build();
    }

    /** One producer: sends what is due by its schedule, then parks until the next millisecond. */
    private void produce(int producer, Options o, List<Distributor<Msg, Object>> to, long startNanos) {
        SplittableRandom random = new SplittableRandom(o.seed + producer);
        double tellRate = o.tellRate / (double) PRODUCERS / 1e9;
        double askRate = o.askRate / (double) PRODUCERS / 1e9;
        double broadcastRate = o.broadcastRate / (double) PRODUCERS / 1e9;
        double askEveryoneRate = o.askEveryoneRate / (double) PRODUCERS / 1e9;
        long tells = 0;
        long asks = 0;
        long broadcasts = 0;
        long askEveryones = 0;
        long ids = 0;
        while (!stop) {
            long elapsed = System.nanoTime() - startNanos;
            long dueTells = (long) (elapsed * tellRate);
            long behind = (long) ((dueTells - tells) / tellRate);
            if (behind > maxLagNanos.get()) {
                maxLagNanos.accumulateAndGet(behind, Math::max);
            }
            for (; tells < dueTells && !stop; tells++) {
                Msg m = new Msg(ids++ * PRODUCERS + producer, random.nextInt(), random.nextDouble() < o.failureRate,
                        false, true);
                tell(to.get(random.nextInt(to.size())), m);
            }
            for (long due = (long) (elapsed * askRate); asks < due && !stop; asks++) {
                boolean slow = random.nextDouble() < SLOW_ASK_RATE;
                Msg m = new Msg(ids++ * PRODUCERS + producer, random.nextInt(), random.nextDouble() < o.failureRate,
                        slow, false);
                ask(to.get(random.nextInt(to.size())), m, slow ? SLOW_ASK_TIMEOUT : ASK_TIMEOUT);
            }
            for (long due = (long) (elapsed * broadcastRate); broadcasts < due && !stop; broadcasts++) {
                // Negative ids mark broadcasts (see refusedBroadcast).
                Msg m = new Msg(-(ids++ * PRODUCERS + producer) - 1, random.nextInt(),
                        random.nextDouble() < o.failureRate, false, true);
                broadcast(to.get(random.nextInt(to.size())), m);
            }
            for (long due = (long) (elapsed * askEveryoneRate); askEveryones < due && !stop; askEveryones++) {
                Msg m = new Msg(ids++ * PRODUCERS + producer, random.nextInt(), random.nextDouble() < o.failureRate,
                        false, false);
                askEveryone(to.get(random.nextInt(to.size())), m);
            }
            long next = startNanos + (elapsed / TICK_NANOS + 1) * TICK_NANOS;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void tell(Distributor<Msg, Object> d, Msg m) {
        tellsSent.increment();
        try {
            d.tellOne(m);
            tellCopiesAccepted.increment();
        } catch (RuntimeException e) {
            refusal(e);
        }
    }

    private void broadcast(Distributor<Msg, Object> d, Msg m) {
        broadcastsSent.increment();
        try {
            tellCopiesAccepted.add(d.tellEveryone(m));
        } catch (RuntimeException e) {
            refusal(e);
        }
    }

    private void ask(Distributor<Msg, Object> d, Msg m, Duration timeout) {
        CompletableFuture<Object> f;
        try {
            f = d.askOne(m, timeout);
        } catch (RuntimeException e) {
            refusal(e);
            return;
        }
        asksSent.increment();
        f.whenComplete(this::askDone);
    }

    private void askEveryone(Distributor<Msg, Object> d, Msg m) {
        List<CompletableFuture<Object>> all;
        try {
            all = d.askEveryone(m);
        } catch (RuntimeException e) {
            refusal(e);
            return;
        }
        asksSent.add(all.size());
        for (CompletableFuture<Object> f : all) {
            f.whenComplete(this::askDone);
        }
    }

    private void askDone(Object value, Throwable failure) {
        asksCompleted.increment();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String outcome = cause == null ? "answered" : cause instanceof TimeoutException ? "timed out"
                : cause instanceof InjectedFailure ? "handler failed" : cause.getClass().getSimpleName();
        askOutcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private void refusal(RuntimeException e) {
        if (e instanceof RingFullException || e instanceof SlotUnavailableException
                || e instanceof GroupStoppedException || e instanceof EngineClosedException) {
            refused.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        } else {
            unexpected.computeIfAbsent(e.toString(), k -> new LongAdder()).increment();
        }
    }

    // ---- reports -------------------------------------------------------------------------------------

    /** One observation of the process and the engine. */
    record Sample(String label, long heapBytes, int threads, int engineThreads, int enginePendingAsks,
                  long senderPendingAsks, long deadLetters, long restarts, long sent, long handled) {
        String line() {
            return String.format("%-10s heap after GC %7.1f MB, threads %3d (engine %2d), pending asks %,d engine / %,d "
                            + "sender, dead letters %,d, restarts %,d, sent %,d, handled %,d", label, heapBytes / 1048576.0,
                    threads, engineThreads, enginePendingAsks, senderPendingAsks, deadLetters, restarts, sent, handled);
        }
    }

    /**
     * The counters are read before the GC: its pause puts the producers behind their schedule, and the
     * burst with which they catch up would otherwise be what the pending asks show.
     */
    private Sample sample(String label, Engine engine) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int enginePending = engine.pendingAsks();
        long senderPending = asksSent.sum() - asksCompleted.sum();
        long restarts = engine.slots().stream().mapToLong(SlotInfo::restarts).sum();
        long sent = tellsSent.sum() + broadcastsSent.sum() + asksSent.sum();
        long handled = tellsHandled.sum() + asksHandled.sum();
        long deadLetters = engine.deadLetterCount();
        int liveThreads = threads.getThreadCount();
        int engineThreads = engineThreads().size();
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        return new Sample(label, heap, liveThreads, engineThreads, enginePending, senderPending, deadLetters, restarts,
                sent, handled);
    }

    /**
     * The furthest a producer fell behind its schedule since the last report (one 1 ms tick is
     * normal; the report's own GC pause shows in the next interval's).
     */
    private String lag() {
        return String.format(", max lag %.1f ms", maxLagNanos.getAndSet(0) / 1e6);
    }

    private static List<String> engineThreads() {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(ENGINE + "-") && t.isAlive()) {
                out.add(t.getName());
            }
        }
        return out;
    }

    private static String counts(Map<String, LongAdder> m) {
        Map<String, Long> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted.toString();
    }

    private int run(Options o) throws InterruptedException {
        System.out.printf("soak: engine '%s' (%s), %d s, reports every %d s; per second %,d tells, %,d asks, %d tellEveryone, "
                        + "%d askEveryone from %d producers; failure rate %.2f%%, slow asks %.1f%% (2 ms timeout); "
                        + "heap growth limit %.0f%% (+%.0f MB slack); seed %d; %d cores, max heap %d MB%n",
                ENGINE, String.join(", ", GROUPS), o.seconds, o.reportSeconds, o.tellRate, o.askRate, o.broadcastRate,
                o.askEveryoneRate, PRODUCERS, o.failureRate * 100, SLOW_ASK_RATE * 100, o.heapGrowthPct, o.heapSlackMb,
                o.seed, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576);
        Engine engine = build();
        engine.start();
        List<Distributor<Msg, Object>> to = new ArrayList<>();
        for (String group : GROUPS) {
            to.add(engine.distributor(group, Msg.class, Object.class));
        }
        long start = System.nanoTime();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers[p] = new Thread(() -> produce(producer, o, to, start), "load-" + p);
            producers[p].start();
        }

        List<Sample> samples = new ArrayList<>();
        long end = start + TimeUnit.SECONDS.toNanos(o.seconds);
        long interval = TimeUnit.SECONDS.toNanos(o.reportSeconds);
        for (long at = start + interval; at < end; at += interval) {
            parkUntil(at);
            long s = TimeUnit.NANOSECONDS.toSeconds(at - start);
            String label = o.reportSeconds % 60 == 0 ? "minute " + s / 60 : s + " s";
            Sample sample = sample(label, engine);
            samples.add(sample);
            System.out.println(sample.line() + lag());
        }
        parkUntil(end);
        stop = true;
        for (Thread t : producers) {
            t.join();
        }
        Sample last = sample("end", engine);
        samples.add(last);
        System.out.println(last.line() + lag());

        long closeStart = System.nanoTime();
        engine.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
        List<String> left = engineThreads();
        Sample closed = sample("closed", engine);
        System.out.println(closed.line());
        return verdict(o, engine, samples, left, closeMillis);
    }

    private int verdict(Options o, Engine engine, List<Sample> samples, List<String> left, long closeMillis) {
        List<String> failures = new ArrayList<>();
        long accepted = tellCopiesAccepted.sum();
        long handled = tellsHandled.sum();
        long dead = tellsDead.sum();
        System.out.printf("totals: sent %,d tells, %,d tellEveryone, %,d asks (askEveryone counted per slot); refused %s; "
                        + "dead letters %s; restarts %,d; close took %d ms%n",
                tellsSent.sum(), broadcastsSent.sum(), asksSent.sum(), counts(refused), reasons(),
                engine.slots().stream().mapToLong(SlotInfo::restarts).sum(), closeMillis);
        boolean tellsOk = handled + dead == accepted;
        System.out.printf("tells: accepted %,d (tellOne that returned + slots each tellEveryone reached) %s handled %,d "
                        + "+ dead-lettered %,d (%,d broadcasts refused whole under deadLetter not counted): %s%n",
                accepted, tellsOk ? "=" : "!=", handled, dead, pendingRingFullBroadcasts.sum(), tellsOk ? "OK" : "FAIL");
        if (!tellsOk) {
            failures.add("accepted tells " + accepted + " != handled " + handled + " + dead-lettered " + dead);
        }
        long asks = asksSent.sum();
        long completed = asksCompleted.sum();
        boolean asksOk = completed == asks && engine.pendingAsks() == 0;
        System.out.printf("asks: %,d sent, %,d completed %s, engine pending %d: %s%n", asks, completed,
                counts(askOutcomes), engine.pendingAsks(), asksOk ? "OK" : "FAIL");
        if (!asksOk) {
            failures.add((asks - completed) + " asks never completed");
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double growth = 100.0 * (last.heapBytes() - first.heapBytes()) / first.heapBytes();
        boolean heapOk = growth <= o.heapGrowthPct || last.heapBytes() - first.heapBytes() <= o.heapSlackMb * 1048576;
        System.out.printf("heap after GC: %s %.1f MB, end %.1f MB (%+.1f%%; limit %.0f%% or %.0f MB): %s%n",
                first.label(), first.heapBytes() / 1048576.0, last.heapBytes() / 1048576.0, growth, o.heapGrowthPct,
                o.heapSlackMb, heapOk ? "OK" : "FAIL");
        if (!heapOk) {
            failures.add(String.format("heap after GC grew %.1f%% from %s to the end", growth, first.label()));
        }
        boolean threadsOk = left.isEmpty() && engine.isTerminated();
        System.out.printf("engine threads alive after close(): %d%s, terminated %b: %s%n", left.size(),
                left.isEmpty() ? "" : " " + left, engine.isTerminated(), threadsOk ? "OK" : "FAIL");
        if (!threadsOk) {
            failures.add("engine threads alive after close(): " + left);
        }
        if (!unexpected.isEmpty()) {
            failures.add("sends threw something other than a refusal: " + counts(unexpected));
        }
        if (deadByReason.get(DeadLetter.Reason.ENGINE_CLOSED).sum() > 0) {
            failures.add("ENGINE_CLOSED dead letters, although no handler was stuck at the close");
        }
        System.out.println(failures.isEmpty() ? "soak: PASS" : "soak: FAIL: " + String.join("; ", failures));
        return failures.isEmpty() ? 0 : 1;
    }

    private String reasons() {
        Map<String, Long> m = new TreeMap<>();
        deadByReason.forEach((r, n) -> {
            if (n.sum() > 0) {
                m.put(r.name(), n.sum());
            }
        });
        return m.toString();
    }

    private static void parkUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals("help")) {
                System.err.println("soak: " + e.getMessage());
            }
            System.err.println("usage: Soak (--minutes n | --seconds n) [--report-seconds n] [--tell-rate n] "
                    + "[--ask-rate n] [--broadcast-rate n] [--ask-everyone-rate n] [--failure-rate f] "
                    + "[--heap-growth-pct p] [--heap-slack-mb m] [--seed n]");
            System.exit(2);
            return;
        }
        System.exit(new Soak().run(o));
    }
}
