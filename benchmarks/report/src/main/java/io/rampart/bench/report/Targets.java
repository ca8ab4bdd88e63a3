package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/**
 * The performance targets, each checked against the results of one run: which rows are compared,
 * the ratio measured, the bound, and whether it was met. A target whose rows this run did not produce says
 * so ("not run") instead of borrowing a number from elsewhere.
 *
 * <p>Rows are found by JMH benchmark name and the value of its {@code @Param system}, which names the system and
 * its configuration ({@code rampart-yielding}, {@code disruptor-single-blocking}, {@code pekko}); every pairing
 * is one line of the tables below. Wait strategies are paired as {@code io.rampart.bench.peers.RampartEngines}
 * documents: Rampart yielding with Disruptor yielding, Rampart sleeping (100 ns) with Disruptor sleeping,
 * Rampart backoffThenPark (its default) with Disruptor blocking. Rampart is compared with Pekko and the executor
 * in its default strategy, because those peers park when idle too.
 */
final class Targets {
    private static final String BENCH = "io.rampart.bench.";
    /** One producer, one consumer; one {@code @Param system} value per system and configuration. */
    private static final String TELL = BENCH + "TellBenchmark.tell";
    /** Two producers, one consumer. */
    private static final String TELL_2P = BENCH + "TellTwoProducersBenchmark.tell";
    /** One caller's ask round trip, back to back (SampleTime). */
    private static final String ASK = BENCH + "AskBenchmark.ask";
    /** One caller, 256 asks in flight. */
    private static final String ASK_IN_FLIGHT = BENCH + "AskInFlightBenchmark.ask";
    /** The JMH parameter that names the system (and its configuration) of every benchmark above. */
    private static final String SYSTEM = "system";
    private static final String RAMPART_PREFIX = "rampart-";
    private static final String DEFAULT_WAIT = "backoffThenPark";
    private static final String RAMPART_DEFAULT = RAMPART_PREFIX + DEFAULT_WAIT;

    /** Two configurations compared with each other: Rampart's {@code system} value and the peer's. */
    private record Pair(String rampart, String peer, String waits) {
    }

    /** Rampart on one slot against the single-producer Disruptor ring, wait strategy like for like. */
    private static final List<Pair> TELL_PAIRS = List.of(
            new Pair("rampart-yielding", "disruptor-single-yielding", "Rampart yielding vs Disruptor yielding"),
            new Pair("rampart-sleeping", "disruptor-single-sleeping", "Rampart sleeping vs Disruptor sleeping"),
            new Pair(RAMPART_DEFAULT, "disruptor-single-blocking", "Rampart backoffThenPark vs Disruptor blocking"));
    /** Two producers into one slot against two producers on the multi-producer Disruptor ring. */
    private static final List<Pair> TWO_PRODUCER_PAIRS = List.of(
            new Pair("rampart-yielding", "disruptor-multi-yielding", "Rampart yielding vs Disruptor yielding"),
            new Pair("rampart-sleeping", "disruptor-multi-sleeping", "Rampart sleeping vs Disruptor sleeping"),
            new Pair(RAMPART_DEFAULT, "disruptor-multi-blocking", "Rampart backoffThenPark vs Disruptor blocking"));

    /** One target's verdict in this run. */
    record Row(String target, String threads, String waits, String measured, String ratio, String required,
               String result) {
    }

    private final List<JmhRecord> jmh;
    private final List<JmhRecord> gc;
    private final List<LatencyRow> latency;
    private final Properties idle;
    private final List<Row> rows = new ArrayList<>();

    private Targets(List<JmhRecord> jmh, List<JmhRecord> gc, List<LatencyRow> latency, Properties idle) {
        this.jmh = jmh;
        this.gc = gc;
        this.latency = latency;
        this.idle = idle;
    }

    /** Every target, in the order, evaluated on this run's results ({@code idle} may be null). */
    static List<Row> evaluate(List<JmhRecord> jmh, List<JmhRecord> gc, List<LatencyRow> latency, Properties idle) {
        Targets t = new Targets(jmh, gc, latency, idle);
        t.tellVsDisruptorSingle();
        t.twoProducersVsDisruptorMulti();
        t.tellVsParking("Pekko tell", "pekko", "1 producer; 1 slot vs 1 actor",
                "Rampart backoffThenPark (default); Pekko dispatcher parks");
        t.tellVsParking("ThreadPoolExecutor", "executor", "1 producer; 1 slot vs 1 worker",
                "Rampart backoffThenPark (default); worker blocks in take");
        t.allocation();
        t.askP99();
        t.defaultVsYielding();
        t.idleCpu();
        return t.rows;
    }

    private void tellVsDisruptorSingle() {
        for (Pair pair : TELL_PAIRS) {
            ratioRow("tellOne 1P→1 slot ≥ 0.5× single-producer Disruptor ring (goal 0.8×)",
                    "1 producer, 1 consumer", pair.waits(), find(jmh, TELL, pair.rampart()),
                    find(jmh, TELL, pair.peer()), JmhRecord::score, 0.5, 0.8, "msgs/s");
        }
    }

    private void twoProducersVsDisruptorMulti() {
        for (Pair pair : TWO_PRODUCER_PAIRS) {
            ratioRow("tellOne 2P→1 slot ≥ 3× multi-producer Disruptor ring (2 producers)",
                    "2 producers, 1 consumer (3 threads on the cores)", pair.waits(),
                    find(jmh, TELL_2P, pair.rampart()), find(jmh, TELL_2P, pair.peer()), JmhRecord::score, 3.0,
                    Double.NaN, "msgs/s");
        }
    }

    private void tellVsParking(String peerName, String peerSystem, String threads, String waits) {
        ratioRow("tellOne ≥ 5× " + peerName, threads, waits, find(jmh, TELL, RAMPART_DEFAULT),
                find(jmh, TELL, peerSystem), JmhRecord::score, 5.0, Double.NaN, "msgs/s");
    }

    private void allocation() {
        List<JmhRecord> tells = gc.stream().filter(r -> r.benchmark().equals(TELL)
                && r.params().getOrDefault(SYSTEM, "").startsWith(RAMPART_PREFIX)).toList();
        if (tells.isEmpty()) {
            notRun("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot", DEFAULT_WAIT, "0 B/op");
        }
        for (JmhRecord r : tells) {
            double bytes = r.secondary(JmhRecord.ALLOC_NORM);
            // "0 B/op" read as "nothing allocated per message": the invocation's own few objects (the drain
            // check's lambda and label) spread over 1M messages come to a small fraction of a byte.
            rows.add(new Row("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot",
                    r.params().get(SYSTEM).substring(RAMPART_PREFIX.length()),
                    bytes(bytes), "-", "< 1 B/op (none per message)", verdict(bytes < 1.0, bytes)));
        }
        List<JmhRecord> asks = gc.stream().filter(r -> r.is(ASK_IN_FLIGHT, Map.of(SYSTEM, RAMPART_DEFAULT))).toList();
        if (asks.isEmpty()) {
            notRun("askOne ≤ 100 B/op (-prof gc)", "1 caller, 1 slot, 256 asks in flight", DEFAULT_WAIT,
                    "≤ 100 B/op");
        }
        for (JmhRecord r : asks) {
            double bytes = r.secondary(JmhRecord.ALLOC_NORM);
            rows.add(new Row("askOne ≤ 100 B/op (-prof gc)", "1 caller, 1 slot, 256 asks in flight",
                    DEFAULT_WAIT + " (default)", bytes(bytes), "-", "≤ 100 B/op", verdict(bytes <= 100, bytes)));
        }
    }

    private void askP99() {
        Optional<JmhRecord> rampart = find(jmh, ASK, RAMPART_DEFAULT);
        Optional<JmhRecord> pekko = find(jmh, ASK, "pekko");
        String target = "askOne round trip p99 ≤ Pekko ask p99 / 3";
        String threads = "1 caller, 1 slot vs 1 actor; back to back (JMH SampleTime)";
        String waits = "Rampart backoffThenPark (default); Pekko dispatcher parks; callers block in get";
        if (rampart.isEmpty() || pekko.isEmpty()) {
            notRun(target, threads, waits, "Pekko p99 ÷ Rampart p99 ≥ 3");
        } else {
            double r = rampart.get().percentile(99);
            double p = pekko.get().percentile(99);
            double ratio = p / r;
            rows.add(new Row(target, threads, waits, "Rampart " + SummaryWriter.num(r) + " us, Pekko "
                    + SummaryWriter.num(p) + " us", times(ratio) + " (Pekko ÷ Rampart)", "≥ 3×",
                    verdict(ratio >= 3, ratio)));
        }
        Optional<LatencyRow> rh = latency.stream().filter(l -> l.system().equals("rampart")).findFirst();
        Optional<LatencyRow> ph = latency.stream().filter(l -> l.system().equals("pekko-ask")).findFirst();
        String hThreads = "1 caller, 1 slot vs 1 actor; fixed rate "
                + rh.map(l -> l.rate() + " msgs/s").orElse("") + " (latency harness, CO-corrected)";
        if (rh.isEmpty() || ph.isEmpty()) {
            notRun(target, hThreads, waits, "Pekko p99 ÷ Rampart p99 ≥ 3");
        } else {
            double ratio = ph.get().p99() / rh.get().p99();
            rows.add(new Row(target, hThreads, waits, "Rampart " + SummaryWriter.num(rh.get().p99()) + " us, Pekko "
                    + SummaryWriter.num(ph.get().p99()) + " us", times(ratio) + " (Pekko ÷ Rampart)", "≥ 3×",
                    verdict(ratio >= 3, ratio)));
        }
    }

    private void defaultVsYielding() {
        ratioRow("default wait strategy tellOne ≥ 0.7× yielding", "1 producer, 1 slot",
                "Rampart backoffThenPark vs Rampart yielding",
                find(jmh, TELL, RAMPART_DEFAULT), find(jmh, TELL, "rampart-yielding"), JmhRecord::score, 0.7,
                Double.NaN, "msgs/s");
    }

    private void idleCpu() {
        String target = "idle engine with 4 slots < 5% of one core";
        if (idle == null) {
            notRun(target, "4 slots, idle", DEFAULT_WAIT, "< 5% of one core");
            return;
        }
        double pct = Double.parseDouble(idle.getProperty("process_pct_of_one_core", "NaN"));
        if (!idle.getProperty("wait_strategy", "").startsWith(DEFAULT_WAIT)) { // the target is the default's
            notRun(target, "4 slots, idle", DEFAULT_WAIT + " (this run measured " + idle.getProperty("wait_strategy")
                    + ")", "< 5% of one core");
            return;
        }
        String engine = idle.getProperty("engine_threads_pct_of_one_core", "n/a");
        rows.add(new Row(target, idle.getProperty("slots") + " slots, idle " + idle.getProperty("seconds")
                + " s (" + idle.getProperty("engine_threads") + " engine threads)",
                idle.getProperty("wait_strategy"),
                String.format(Locale.ROOT, "process %.2f%% of one core (engine threads %s%%)", pct,
                        engine), "-", "< 5%", verdict(pct < 5.0, pct)));
    }

    /** A throughput ratio row: Rampart ÷ peer, met at {@code bound}, with an optional stretch goal. */
    private void ratioRow(String target, String threads, String waits, Optional<JmhRecord> rampart,
                          Optional<JmhRecord> peer, ToDoubleFunction<JmhRecord> value, double bound, double goal,
                          String unit) {
        String required = "≥ " + times(bound);
        if (rampart.isEmpty() || peer.isEmpty()) {
            notRun(target, threads, waits, required);
            return;
        }
        double r = value.applyAsDouble(rampart.get());
        double p = value.applyAsDouble(peer.get());
        double ratio = r / p;
        String result = verdict(ratio >= bound, ratio);
        if (!Double.isNaN(goal) && ratio >= bound) {
            result += ratio >= goal ? "; goal " + times(goal) + " met" : "; goal " + times(goal) + " not yet";
        }
        rows.add(new Row(target, threads, waits, SummaryWriter.num(r) + " vs " + SummaryWriter.num(p) + " " + unit,
                times(ratio), required, result));
    }

    private void notRun(String target, String threads, String waits, String required) {
        rows.add(new Row(target, threads, waits, "n/a", "n/a", required, "not run"));
    }

    /** The result of {@code benchmark} run with {@code -p system=<system>}. */
    private static Optional<JmhRecord> find(List<JmhRecord> records, String benchmark, String system) {
        return records.stream().filter(r -> r.is(benchmark, Map.of(SYSTEM, system))).findFirst();
    }

    private static String verdict(boolean met, double value) {
        return Double.isNaN(value) ? "n/a" : met ? "met" : "missed";
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.3f B/op", b);
    }
}
