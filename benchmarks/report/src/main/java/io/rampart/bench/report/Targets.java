package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every comparison the report makes, each between two explicitly paired configurations, and the targets
 * checked on them. A ratio is only ever computed between the two sides of one {@link Pair} (never against
 * "Rampart's best of N"), with a 95% bootstrap interval over forks ({@link ForkStats}) and a {@link Verdict}:
 * met, missed, inconclusive, or indicative when a side has fewer than {@link Verdict#MIN_FORKS} forks. A pair
 * whose rows this run did not produce says so ("not run") instead of borrowing a number from elsewhere.
 *
 * <p>Rows are found by JMH benchmark name and the value of its {@code @Param system}, which names the system and
 * its configuration ({@code rampart-yielding}, {@code disruptor-single-phasedLite}, {@code pekko-tuned}); the
 * latency harness's rows by subject name. Wait strategies are paired as {@code io.rampart.bench.peers.RampartEngines}
 * documents: Rampart yielding with Disruptor yielding, sleeping (100 ns) with sleeping, and backoffThenPark (the
 * default) with the Disruptor's two strategies of the same shape, {@code PhasedBackoffWaitStrategy.withLiteLock}
 * ("phasedLite") and {@code LiteBlockingWaitStrategy} ("liteBlocking"). The Disruptor's {@code BlockingWaitStrategy}
 * and the multi-producer ring with one producer appear in the workload tables only: neither is paired. Rampart is
 * paired with Pekko (default and tuned, each its own pair), the executor and the queues in its default strategy,
 * because those peers park or back off when idle too.
 *
 * <p>Allocation and the idle engine's CPU are absolute bounds, not ratios: {@link #checks} judges them.
 */
final class Targets {
    private static final String BENCH = "io.rampart.bench.";
    /** One producer, one consumer; one {@code @Param system} value per system and configuration. */
    static final String TELL = BENCH + "TellBenchmark.tell";
    /** Two producers, one consumer. */
    static final String TELL_2P = BENCH + "TellTwoProducersBenchmark.tell";
    /** One producer, two consumers. */
    static final String TELL_2C = BENCH + "TellTwoConsumersBenchmark.tell";
    /** One caller's ask round trip, back to back (SampleTime). */
    static final String ASK = BENCH + "AskBenchmark.ask";
    /** One caller, 256 asks in flight. */
    static final String ASK_IN_FLIGHT = BENCH + "AskInFlightBenchmark.ask";
    /** The journaling example: asks answered after fsync, 256 in flight. */
    static final String JOURNAL = BENCH + "JournalBenchmark.ask";
    /** The slot ring alone (no {@code @Param}). */
    static final String SLOT_RING = BENCH + "ring.SlotRingBenchmark.publish";
    /** Not a JMH benchmark: the fixed-rate latency harness, whose rows are subjects. */
    static final String HARNESS = "latency harness";
    /** Remote groups (issue 14) and their raw Aeron limits, per {@code @Param path} (ipc, udp). */
    static final String REMOTE_ASK_SYNC = BENCH + "RemoteAsk.askOneSync";
    static final String REMOTE_ASK = BENCH + "RemoteAsk.askOne";
    static final String AERON_PING_PONG = BENCH + "AeronPingPong.pingPong";
    static final String REMOTE_TELL = BENCH + "RemoteTell.tellOne";
    static final String AERON_TELL = BENCH + "AeronTell.tell";
    /** The JMH parameter that names the system (and its configuration) of every benchmark above. */
    private static final String SYSTEM = "system";
    private static final String RAMPART_PREFIX = "rampart-";
    private static final String DEFAULT_WAIT = "backoffThenPark";
    private static final String DEFAULT = RAMPART_PREFIX + DEFAULT_WAIT;
    private static final String YIELDING = "rampart-yielding";
    /** The synchronous ask ({@code askOneSync}), caller and slot waiting alike. */
    private static final String YIELDING_SYNC = "rampart-yielding-sync";
    private static final String DEFAULT_SYNC = "rampart-backoffThenPark-sync";
    /** tellBatch of 64 messages per call, default wait. */
    private static final String DEFAULT_BATCH = "rampart-backoffThenPark-batch64";
    private static final double NONE = Double.NaN;

    /** What a pair compares; the ratio is always oriented so that above 1 means the first side did better. */
    enum Metric {
        /** Operations per second: first ÷ second. */
        THROUGHPUT("throughput", Double.NaN, false),
        /** The median of the round trip: second ÷ first. */
        P50("p50", 50.0, true),
        /** The 99th percentile of the round trip: second ÷ first. */
        P99("p99", 99.0, true);

        final String label;
        final double percentile;
        final boolean lowerIsBetter;

        Metric(String label, double percentile, boolean lowerIsBetter) {
            this.label = label;
            this.percentile = percentile;
            this.lowerIsBetter = lowerIsBetter;
        }
    }

    /**
     * One side of a pair: a benchmark (or {@link #HARNESS}) run with {@code param=value} ({@code system=...} for
     * every compared benchmark; the harness's rows by subject name).
     */
    record Side(String benchmark, String param, String value) {
        /** A side named by its {@code @Param system} value. */
        Side(String benchmark, String system) {
            this(benchmark, SYSTEM, system);
        }

        String label() {
            return SYSTEM.equals(param) ? value
                    : benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1) + " ("
                    + param + "=" + value + ")";
        }
    }

    /**
     * Two paired configurations and, where the issue set one, the target their ratio must reach.
     *
     * @param target what is required, in words ("" when there is no target)
     * @param bound  the ratio's lower bound for "met", NaN when there is no target
     * @param goal   a stretch goal reported beside the verdict, NaN when none
     */
    record Pair(String workload, Side first, Side second, String waits, Metric metric, String target, double bound,
                double goal) {
    }

    /** One pair evaluated on one run. */
    record PairRow(Pair pair, String firstMeasured, String secondMeasured, ForkStats.Interval interval,
                   Verdict verdict) {
    }

    /** An absolute check (allocation, idle CPU) on one run. */
    record Row(String target, String threads, String waits, String measured, String required, String result) {
    }

    private static final String TELL_TARGET = "tellOne 1P→1 slot ≥ 0.5× single-producer Disruptor ring (goal 1.0×, "
            + "the low-latency issue's target)";
    private static final String SYNC_P50_TARGET = "sync ask p50 ≤ 1.2× the yielding ping-pong's";
    private static final String SYNC_P99_TARGET = "sync ask p99 ≤ 1.5× the yielding ping-pong's";
    private static final String SYNC_PEKKO_TARGET = "sync ask p99 ≥ 5× lower than Pekko ask";
    private static final String TELL_2P_TARGET = "tellOne 2P→1 slot ≥ 3× multi-producer Disruptor ring";
    private static final String ASK_TARGET = "askOne round trip p99 ≤ Pekko ask p99 / 3";
    private static final String REMOTE_TARGET = "remote ask p99 ≤ 2× raw Aeron ping-pong on the same path";
    private static final String REMOTE_WAITS = "same driver (SHARED) and BackoffIdleStrategy(10, 5, 1 µs, 1 ms) on "
            + "every Aeron thread; Rampart's slots backoffThenPark";

    /** Every pair, in report order. */
    static final List<Pair> PAIRS = List.of(
            // tell, 1 producer -> 1 consumer: Rampart on one slot against the single-producer Disruptor ring
            tell(TELL, YIELDING, "disruptor-single-yielding", "yielding vs yielding", TELL_TARGET, 0.5, 1.0),
            tell(TELL, "rampart-sleeping", "disruptor-single-sleeping", "sleeping(100 ns) vs SleepingWaitStrategy",
                    TELL_TARGET, 0.5, 1.0),
            tell(TELL, DEFAULT, "disruptor-single-phasedLite",
                    "backoffThenPark (default) vs PhasedBackoffWaitStrategy.withLiteLock", TELL_TARGET, 0.5, 1.0),
            tell(TELL, DEFAULT, "disruptor-single-liteBlocking",
                    "backoffThenPark (default) vs LiteBlockingWaitStrategy", TELL_TARGET, 0.5, 1.0),
            tell(TELL, DEFAULT, "pekko", "backoffThenPark (default) vs Pekko defaults (fork-join parks)",
                    "tellOne ≥ 5× Pekko tell", 5.0, NONE),
            tell(TELL, DEFAULT, "pekko-tuned", "backoffThenPark (default) vs Pekko tuned (throughput 100, "
                    + "single-consumer mailbox)", "tellOne ≥ 5× Pekko tell", 5.0, NONE),
            tell(TELL, DEFAULT, "executor", "backoffThenPark (default) vs worker blocking in take",
                    "tellOne ≥ 5× ThreadPoolExecutor", 5.0, NONE),
            tell(TELL, YIELDING, "agrona-yielding", "yielding vs Agrona MPSC queue, YieldingIdleStrategy", "",
                    NONE, NONE),
            tell(TELL, YIELDING, "jctools-yielding", "yielding vs JCTools MpscArrayQueue, Agrona YieldingIdleStrategy", "",
                    NONE, NONE),
            tell(TELL, DEFAULT, "agrona-backoff", "backoffThenPark (default) vs Agrona MPSC queue, BackoffIdleStrategy", "",
                    NONE, NONE),
            tell(TELL, DEFAULT, "jctools-backoff",
                    "backoffThenPark (default) vs JCTools MpscArrayQueue, Agrona BackoffIdleStrategy", "", NONE, NONE),
            tell(TELL, DEFAULT, YIELDING, "Rampart backoffThenPark vs Rampart yielding",
                    "default wait strategy tellOne ≥ 0.7× yielding", 0.7, NONE),
            tell(TELL, DEFAULT_BATCH, DEFAULT, "tellBatch of 64 vs tellOne, both backoffThenPark (default)",
                    "batch publish of 64 ≥ 1.5× single tellOnes", 1.5, NONE),
            // the ring alone, without the engine, against the rings and queues it could have been
            ring("disruptor-single-yielding", "SlotRing yielding vs Disruptor single-producer ring, yielding"),
            ring("agrona-yielding", "SlotRing yielding vs Agrona queue, YieldingIdleStrategy"),
            ring("jctools-yielding", "SlotRing yielding vs JCTools queue, YieldingIdleStrategy"),
            // tell, 2 producers -> 1 consumer: against the multi-producer Disruptor ring
            tell(TELL_2P, YIELDING, "disruptor-multi-yielding", "yielding vs yielding", TELL_2P_TARGET, 3.0, NONE),
            tell(TELL_2P, "rampart-sleeping", "disruptor-multi-sleeping", "sleeping(100 ns) vs SleepingWaitStrategy",
                    TELL_2P_TARGET, 3.0, NONE),
            tell(TELL_2P, DEFAULT, "disruptor-multi-phasedLite",
                    "backoffThenPark (default) vs PhasedBackoffWaitStrategy.withLiteLock", TELL_2P_TARGET, 3.0, NONE),
            tell(TELL_2P, DEFAULT, "disruptor-multi-liteBlocking",
                    "backoffThenPark (default) vs LiteBlockingWaitStrategy", TELL_2P_TARGET, 3.0, NONE),
            tell(TELL_2P, YIELDING, "agrona-yielding", "yielding vs Agrona MPSC queue, YieldingIdleStrategy", "", NONE, NONE),
            tell(TELL_2P, YIELDING, "jctools-yielding", "yielding vs JCTools MpscArrayQueue, Agrona YieldingIdleStrategy",
                    "", NONE, NONE),
            // tell, 1 producer -> 2 consumers
            tell(TELL_2C, DEFAULT, "pekko", "backoffThenPark (default) vs Pekko defaults", "", NONE, NONE),
            tell(TELL_2C, DEFAULT, "pekko-tuned", "backoffThenPark (default) vs Pekko tuned", "", NONE, NONE),
            tell(TELL_2C, DEFAULT, "executor", "backoffThenPark (default) vs workers blocking in take", "", NONE,
                    NONE),
            // asks
            tell(JOURNAL, "rampart-endOfBatch", "rampart-perMessage", "force at end of batch vs after every message, "
                    + "both backoffThenPark (default); equal durability", "end-of-batch flushing ≥ 5× the per-message "
                    + "flush rate", 5.0, NONE),
            tell(ASK_IN_FLIGHT, DEFAULT, "pekko", "backoffThenPark (default) vs Pekko defaults", "", NONE, NONE),
            tell(ASK_IN_FLIGHT, DEFAULT, "pekko-tuned", "backoffThenPark (default) vs Pekko tuned (affinity pool)",
                    "", NONE, NONE),
            ask(ASK, DEFAULT, "pekko", "backoffThenPark (default) vs Pekko defaults", ASK_TARGET, 3.0),
            ask(ASK, DEFAULT, "pekko-tuned", "backoffThenPark (default) vs Pekko tuned (affinity pool)", ASK_TARGET,
                    3.0),
            ask(ASK, DEFAULT, "disruptor-phasedLite", "backoffThenPark (default) vs phasedLite ping-pong", "", NONE),
            ask(ASK, DEFAULT, "disruptor-liteBlocking", "backoffThenPark (default) vs liteBlocking ping-pong", "",
                    NONE),
            ask(ASK, YIELDING, "disruptor-yielding", "yielding vs yielding ping-pong", "", NONE),
            // the synchronous ask (issue "the low-latency path"): against the ping-pong, the limit of this machine
            new Pair(workload(ASK), new Side(ASK, YIELDING_SYNC), new Side(ASK, "disruptor-yielding"),
                    "yielding sync ask vs yielding ping-pong", Metric.P50, SYNC_P50_TARGET, 1 / 1.2, NONE),
            ask(ASK, YIELDING_SYNC, "disruptor-yielding", "yielding sync ask vs yielding ping-pong", SYNC_P99_TARGET,
                    1 / 1.5),
            ask(ASK, YIELDING_SYNC, "pekko", "yielding sync ask vs Pekko defaults", SYNC_PEKKO_TARGET, 5.0),
            ask(ASK, YIELDING_SYNC, "pekko-tuned", "yielding sync ask vs Pekko tuned (affinity pool)",
                    SYNC_PEKKO_TARGET, 5.0),
            ask(ASK, DEFAULT_SYNC, "disruptor-phasedLite", "backoffThenPark (default) sync ask vs phasedLite ping-pong",
                    "", NONE),
            ask(ASK, DEFAULT, YIELDING, "Rampart backoffThenPark vs Rampart yielding, askOne",
                    "default wait round-trip p99 ≤ 2× the yielding one's", 0.5),
            // the same target for the synchronous ask, whose round trip the targets are about
            ask(ASK, DEFAULT_SYNC, YIELDING_SYNC, "Rampart backoffThenPark vs Rampart yielding, askOneSync",
                    "default wait round-trip p99 ≤ 2× the yielding one's", 0.5),
            ask(ASK, DEFAULT, "executor", "backoffThenPark (default) vs CompletableFuture on an executor", "", NONE),
            ask(ASK, DEFAULT, "abq", "backoffThenPark (default) vs ArrayBlockingQueue ping-pong", "", NONE),
            ask(HARNESS, "rampart", "pekko-ask", "backoffThenPark (default) vs Pekko defaults, fixed rate",
                    ASK_TARGET, 3.0),
            ask(HARNESS, "rampart", "pekko-ask-tuned", "backoffThenPark (default) vs Pekko tuned, fixed rate",
                    ASK_TARGET, 3.0),
            ask(HARNESS, "rampart", "disruptor-phasedLite", "backoffThenPark (default) vs phasedLite, fixed rate", "",
                    NONE),
            ask(HARNESS, "rampart", "disruptor-liteBlocking", "backoffThenPark (default) vs liteBlocking, fixed rate",
                    "", NONE),
            ask(HARNESS, "rampart-yielding", "disruptor-yielding", "yielding vs yielding, fixed rate", "", NONE),
            remote(REMOTE_ASK_SYNC, AERON_PING_PONG, "ipc", Metric.P99, REMOTE_TARGET, 0.5),
            remote(REMOTE_ASK_SYNC, AERON_PING_PONG, "udp", Metric.P99, REMOTE_TARGET, 0.5),
            remote(REMOTE_ASK, AERON_PING_PONG, "ipc", Metric.P99, REMOTE_TARGET, 0.5),
            remote(REMOTE_ASK, AERON_PING_PONG, "udp", Metric.P99, REMOTE_TARGET, 0.5),
            remote(REMOTE_ASK_SYNC, AERON_PING_PONG, "ipc", Metric.P50, "", NONE),
            remote(REMOTE_ASK_SYNC, AERON_PING_PONG, "udp", Metric.P50, "", NONE),
            remote(REMOTE_TELL, AERON_TELL, "ipc", Metric.THROUGHPUT, "", NONE),
            remote(REMOTE_TELL, AERON_TELL, "udp", Metric.THROUGHPUT, "", NONE));

    private Targets() {
    }

    private static Pair tell(String benchmark, String first, String second, String waits, String target,
                             double bound, double goal) {
        return new Pair(workload(benchmark), new Side(benchmark, first), new Side(benchmark, second), waits,
                Metric.THROUGHPUT, target, bound, goal);
    }

    private static Pair ring(String second, String waits) {
        return new Pair("the ring alone vs tell 1P→1C (design check)", new Side(SLOT_RING, "consumerWork", "0"),
                new Side(TELL, second), waits, Metric.THROUGHPUT, "", NONE, NONE);
    }

    private static Pair ask(String benchmark, String first, String second, String waits, String target,
                            double bound) {
        return new Pair(workload(benchmark), new Side(benchmark, first), new Side(benchmark, second), waits,
                Metric.P99, target, bound, NONE);
    }

    /** A remote benchmark against its raw Aeron baseline, both run with {@code path=<path>}. */
    private static Pair remote(String benchmark, String baseline, String path, Metric metric, String target,
                               double bound) {
        return new Pair(workload(benchmark) + " over " + path, new Side(benchmark, "path", path),
                new Side(baseline, "path", path), REMOTE_WAITS, metric, target, bound, NONE);
    }

    private static String workload(String benchmark) {
        return switch (benchmark) {
            case TELL -> "tell 1P→1C";
            case TELL_2P -> "tell 2P→1C";
            case TELL_2C -> "tell 1P→2C";
            case ASK -> "ask round trip, back to back (JMH SampleTime)";
            case ASK_IN_FLIGHT -> "ask, 256 in flight";
            case JOURNAL -> "journal, 256 asks in flight, each answered after fsync";
            case REMOTE_ASK_SYNC -> "remote askOneSync round trip vs raw Aeron ping-pong (JMH SampleTime)";
            case REMOTE_ASK -> "remote askOne round trip vs raw Aeron ping-pong (JMH SampleTime)";
            case REMOTE_TELL -> "remote tellOne vs raw Aeron offers, 1 producer";
            case HARNESS -> "ask round trip, fixed rate (latency harness at its low-load rate, CO-corrected, p99 of "
                    + "each repetition in a fresh JVM)";
            default -> benchmark;
        };
    }

    /** Every pair evaluated on this run's JMH results and latency harness rows. */
    static List<PairRow> pairs(List<JmhRecord> jmh, List<LatencyRow> latency) {
        List<PairRow> rows = new ArrayList<>();
        for (Pair pair : PAIRS) {
            PairRow row = evaluate(pair, values(pair.first(), pair.metric(), jmh, latency),
                    values(pair.second(), pair.metric(), jmh, latency));
            if (HARNESS.equals(pair.first().benchmark())) { // repetitions in fresh JVMs, not JMH forks
                row = new PairRow(pair, row.firstMeasured().replace("fork", "run"),
                        row.secondMeasured().replace("fork", "run"), row.interval(), row.verdict());
            }
            rows.add(row);
        }
        return rows;
    }

    /** A pair's row from each side's per-fork values (empty: that side was not run). */
    static PairRow evaluate(Pair pair, double[] first, double[] second) {
        ForkStats.Interval interval = pair.metric().lowerIsBetter
                ? ForkStats.ratioOfMedians(second, first) : ForkStats.ratioOfMedians(first, second);
        if (pair.metric().lowerIsBetter) { // keep forksA for the first side whichever way the ratio divides
            interval = new ForkStats.Interval(interval.ratio(), interval.low(), interval.high(), first.length,
                    second.length);
        }
        return new PairRow(pair, measured(first), measured(second), interval, Verdict.of(interval, pair.bound()));
    }

    private static double[] values(Side side, Metric metric, List<JmhRecord> jmh, List<LatencyRow> latency) {
        if (HARNESS.equals(side.benchmark())) {
            return LatencySummary.repP99s(latency, side.value());
        }
        Optional<JmhRecord> found = jmh.stream().filter(r -> r.is(side.benchmark(), Map.of(side.param(), side.value())))
                .findFirst();
        return found.map(r -> r.forkValues(metric.percentile)).orElse(new double[0]);
    }

    /** "median (min–max over n forks)", or the one value, or "n/a". */
    private static String measured(double[] forks) {
        if (forks.length == 0) {
            return "n/a";
        }
        if (forks.length == 1) {
            return SummaryWriter.num(forks[0]) + " (1 fork)";
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : forks) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return SummaryWriter.num(ForkStats.median(forks)) + " (" + SummaryWriter.num(min) + "–" + SummaryWriter.num(max)
                + ", " + forks.length + " forks)";
    }

    /** The ratio and its interval in words: "1.23× [0.98×, 1.40×]", without an interval below 2 forks a side. */
    static String ratio(ForkStats.Interval i) {
        if (Double.isNaN(i.ratio())) {
            return "n/a";
        }
        String r = times(i.ratio());
        return i.forksA() < 2 || i.forksB() < 2 ? r + " (no interval)" : r + " [" + times(i.low()) + ", "
                + times(i.high()) + "]";
    }

    /** The verdict, with the stretch goal where there is one and the target was met. */
    static String result(PairRow row) {
        String result = row.verdict().toString();
        double goal = row.pair().goal();
        if (row.verdict() == Verdict.MET && !Double.isNaN(goal)) {
            result += row.interval().atLeast(goal) ? "; goal " + times(goal) + " met"
                    : row.interval().below(goal) ? "; goal " + times(goal) + " missed"
                    : "; goal " + times(goal) + " inconclusive";
        }
        return result;
    }

    /** The absolute checks: allocation per op ({@code -prof gc}) and the idle engine's CPU ({@code idle} may be null). */
    static List<Row> checks(List<JmhRecord> gc, Properties idle) {
        List<Row> rows = new ArrayList<>();
        List<JmhRecord> tells = gc.stream().filter(r -> r.benchmark().equals(TELL)
                && r.params().getOrDefault(SYSTEM, "").startsWith(RAMPART_PREFIX)).toList();
        if (tells.isEmpty()) {
            rows.add(new Row("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot", DEFAULT_WAIT, "n/a", "0 B/op",
                    "not run"));
        }
        for (JmhRecord r : tells) {
            double bytes = r.secondary(JmhRecord.ALLOC_NORM);
            // "0 B/op" read as "nothing allocated per message": the invocation's own few objects (the drain
            // check's lambda and label) spread over 1M messages come to a small fraction of a byte.
            rows.add(new Row("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot",
                    r.params().get(SYSTEM).substring(RAMPART_PREFIX.length()), bytes(bytes),
                    "< 1 B/op (none per message)", verdict(bytes < 1.0, bytes)));
        }
        List<JmhRecord> asks = gc.stream().filter(r -> r.is(ASK_IN_FLIGHT, Map.of(SYSTEM, DEFAULT))).toList();
        if (asks.isEmpty()) {
            rows.add(new Row("askOne ≤ 100 B/op (-prof gc)", "1 caller, 1 slot, 256 asks in flight", DEFAULT_WAIT,
                    "n/a", "≤ 100 B/op", "not run"));
        }
        for (JmhRecord r : asks) {
            double bytes = r.secondary(JmhRecord.ALLOC_NORM);
            rows.add(new Row("askOne ≤ 100 B/op (-prof gc)", "1 caller, 1 slot, 256 asks in flight",
                    DEFAULT_WAIT + " (default)", bytes(bytes), "≤ 100 B/op", verdict(bytes <= 100, bytes)));
        }
        rows.add(idleCpu(idle));
        return rows;
    }

    private static Row idleCpu(Properties idle) {
        String target = "idle engine with 4 slots < 5% of one core";
        if (idle == null) {
            return new Row(target, "4 slots, idle", DEFAULT_WAIT, "n/a", "< 5% of one core", "not run");
        }
        double pct = Double.parseDouble(idle.getProperty("process_pct_of_one_core", "NaN"));
        if (!idle.getProperty("wait_strategy", "").startsWith(DEFAULT_WAIT)) { // the target is the default's
            return new Row(target, "4 slots, idle", DEFAULT_WAIT + " (this run measured "
                    + idle.getProperty("wait_strategy") + ")", "n/a", "< 5% of one core", "not run");
        }
        String engine = idle.getProperty("engine_threads_pct_of_one_core", "n/a");
        return new Row(target, idle.getProperty("slots") + " slots, idle " + idle.getProperty("seconds")
                + " s (" + idle.getProperty("engine_threads") + " engine threads)",
                idle.getProperty("wait_strategy"),
                String.format(Locale.ROOT, "process %.2f%% of one core (engine threads %s%%)", pct, engine), "< 5%",
                verdict(pct < 5.0, pct));
    }

    private static String verdict(boolean met, double value) {
        return Double.isNaN(value) ? "n/a" : met ? "met" : "missed";
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.3f B/op", b);
    }
}
