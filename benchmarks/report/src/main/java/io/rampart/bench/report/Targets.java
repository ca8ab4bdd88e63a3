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
 * <p>Wait strategies are paired as {@code io.rampart.bench.RampartEngines} documents: Rampart yielding with
 * Disruptor yielding, Rampart sleeping (100 ns) with Disruptor sleeping, Rampart backoffThenPark (its default)
 * with Disruptor blocking. Rampart is compared with Pekko and the executor in its default strategy, because
 * those peers park when idle too.
 */
final class Targets {
    private static final String BENCH = "io.rampart.bench.";
    private static final String RAMPART_TELL = BENCH + "RampartTellBenchmark.tellOne";
    private static final String RAMPART_TELL_2P = BENCH + "RampartTwoProducersBenchmark.tellOne";
    private static final String RAMPART_ASK = BENCH + "RampartAskBenchmark.askOne";
    private static final String RAMPART_ASK_WINDOW = BENCH + "RampartAskInFlightBenchmark.askOne";
    private static final String DEFAULT_WAIT = "backoffThenPark";
    /** Rampart wait strategy, the Disruptor wait strategy it is compared with. */
    private static final String[][] WAIT_PAIRS = {
        {"yielding", "yielding"}, {"sleeping", "sleeping"}, {DEFAULT_WAIT, "blocking"}};

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
        t.tellVsParking("Pekko tell", BENCH + "PekkoTellBenchmark.oneActor", "1 producer; 1 slot vs 1 actor",
                "Rampart backoffThenPark (default); Pekko dispatcher parks");
        t.tellVsParking("ThreadPoolExecutor", BENCH + "ExecutorTellBenchmark.oneThread",
                "1 producer; 1 slot vs 1 worker", "Rampart backoffThenPark (default); worker blocks in take");
        t.allocation();
        t.askP99();
        t.defaultVsYielding();
        t.idleCpu();
        return t.rows;
    }

    private void tellVsDisruptorSingle() {
        for (String[] pair : WAIT_PAIRS) {
            Optional<JmhRecord> rampart = find(jmh, RAMPART_TELL, Map.of("waitStrategy", pair[0]));
            Optional<JmhRecord> disruptor = find(jmh, BENCH + "DisruptorTellBenchmark.tell",
                    Map.of("ring", "single", "waitStrategy", pair[1]));
            ratioRow("tellOne 1P→1 slot ≥ 0.5× single-producer Disruptor ring (goal 0.8×)",
                    "1 producer, 1 consumer", "Rampart " + pair[0] + " vs Disruptor " + pair[1], rampart, disruptor,
                    JmhRecord::score, 0.5, 0.8, "msgs/s");
        }
    }

    private void twoProducersVsDisruptorMulti() {
        for (String[] pair : WAIT_PAIRS) {
            Optional<JmhRecord> rampart = find(jmh, RAMPART_TELL_2P, Map.of("waitStrategy", pair[0]));
            Optional<JmhRecord> disruptor = find(jmh, BENCH + "DisruptorTwoProducersBenchmark.tell",
                    Map.of("waitStrategy", pair[1]));
            ratioRow("tellOne 2P→1 slot ≥ 3× multi-producer Disruptor ring (2 producers)",
                    "2 producers, 1 consumer (3 threads on the cores)", "Rampart " + pair[0] + " vs Disruptor "
                            + pair[1], rampart, disruptor, JmhRecord::score, 3.0, Double.NaN, "msgs/s");
        }
    }

    private void tellVsParking(String peerName, String peer, String threads, String waits) {
        ratioRow("tellOne ≥ 5× " + peerName, threads, waits,
                find(jmh, RAMPART_TELL, Map.of("waitStrategy", DEFAULT_WAIT)), find(jmh, peer, Map.of()),
                JmhRecord::score, 5.0, Double.NaN, "msgs/s");
    }

    private void allocation() {
        List<JmhRecord> tells = gc.stream().filter(r -> r.benchmark().equals(RAMPART_TELL)).toList();
        if (tells.isEmpty()) {
            notRun("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot", DEFAULT_WAIT, "0 B/op");
        }
        for (JmhRecord r : tells) {
            double bytes = r.secondary(JmhRecord.ALLOC_NORM);
            // "0 B/op" read as "nothing allocated per message": the invocation's own few objects (the drain
            // check's lambda and label) spread over 1M messages come to a small fraction of a byte.
            rows.add(new Row("tellOne 0 B/op (-prof gc)", "1 producer, 1 slot", r.params().get("waitStrategy"),
                    bytes(bytes), "-", "< 1 B/op (none per message)", verdict(bytes < 1.0, bytes)));
        }
        List<JmhRecord> asks = gc.stream().filter(r -> r.benchmark().equals(RAMPART_ASK_WINDOW)).toList();
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
        Optional<JmhRecord> rampart = find(jmh, RAMPART_ASK, Map.of("waitStrategy", DEFAULT_WAIT));
        Optional<JmhRecord> pekko = find(jmh, BENCH + "PekkoAskBenchmark.ask", Map.of());
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
                find(jmh, RAMPART_TELL, Map.of("waitStrategy", DEFAULT_WAIT)),
                find(jmh, RAMPART_TELL, Map.of("waitStrategy", "yielding")), JmhRecord::score, 0.7, Double.NaN,
                "msgs/s");
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

    private static Optional<JmhRecord> find(List<JmhRecord> records, String benchmark, Map<String, String> params) {
        return records.stream().filter(r -> r.is(benchmark, params)).findFirst();
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
