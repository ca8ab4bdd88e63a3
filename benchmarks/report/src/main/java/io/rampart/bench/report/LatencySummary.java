package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The latency harness's rows summarised per subject: each figure as the median over the subject's repetitions
 * with their range ({@link Spread}), and its rate sweep with the rate where its p99 departs.
 *
 * <p>"Busy" is the fraction of time the subject has a request in flight (rate x mean of actual send to reply;
 * the harness's {@code FixedRateRun} explains why, for parking subjects, this and not the consumer's own work is
 * what decides whether requests queue behind each other). A headline above {@link #BUSY_LIMIT} is flagged.
 */
final class LatencySummary {
    /** The low-load bound: at the headline rate every subject at most 30% busy. */
    static final double BUSY_LIMIT = 0.30;
    /** A sweep rate "departs" when its p99 exceeds this many times the headline's median p99. */
    static final double DEPARTURE_FACTOR = 2.0;

    /** Median and range of one figure over {@code n} repetitions (NaN values skipped; all NaN gives NaN). */
    record Spread(double median, double min, double max, int n) {
        static Spread of(double[] values) {
            double[] finite = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
            if (finite.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : finite) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new Spread(ForkStats.median(finite), min, max, finite.length);
        }
    }

    /** One subject's repetitions at the headline rate. */
    record Subject(String system, long rate, int reps, boolean complete, Spread p50, Spread p99, Spread p999,
                   Spread serviceP50, Spread serviceP99, Spread lagP99, Spread ownLagP99, Spread utilisation) {
        /** Whether its median utilisation is above {@link #BUSY_LIMIT}. */
        boolean overBusyLimit() {
            return utilisation.median() > BUSY_LIMIT;
        }
    }

    /**
     * One subject's sweep: p99 (and utilisation) by rate, and the lowest rate whose p99 departs (more than
     * {@link #DEPARTURE_FACTOR} x the headline median p99), or -1 when none does or there is no headline.
     */
    record Sweep(String system, Map<Long, LatencyRow> byRate, long departsAt) {
    }

    private LatencySummary() {
    }

    /** Per subject (first-seen order), its repetitions' spreads; sweep rows are ignored. */
    static List<Subject> subjects(List<LatencyRow> rows) {
        Map<String, List<LatencyRow>> reps = new LinkedHashMap<>();
        for (LatencyRow r : rows) {
            if (r.isRep()) {
                reps.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Subject> out = new ArrayList<>();
        reps.forEach((system, list) -> out.add(new Subject(system, list.get(0).rate(), list.size(),
                list.stream().allMatch(LatencyRow::complete), spread(list, LatencyRow::p50),
                spread(list, LatencyRow::p99), spread(list, LatencyRow::p999), spread(list, LatencyRow::serviceP50),
                spread(list, LatencyRow::serviceP99), spread(list, LatencyRow::lagP99),
                spread(list, LatencyRow::ownLagP99),
                spread(list, LatencyRow::utilisation))));
        return out;
    }

    /** Every rate of any subject's sweep, ascending. */
    static List<Long> sweepRates(List<LatencyRow> rows) {
        TreeSet<Long> rates = new TreeSet<>();
        rows.stream().filter(r -> !r.isRep()).forEach(r -> rates.add(r.rate()));
        return new ArrayList<>(rates);
    }

    /** Per subject with sweep rows, its p99 by rate and where it departs from its headline median p99. */
    static List<Sweep> sweeps(List<LatencyRow> rows) {
        Map<String, Double> headline = new LinkedHashMap<>();
        subjects(rows).forEach(s -> headline.put(s.system(), s.p99().median()));
        Map<String, Map<Long, LatencyRow>> by = new LinkedHashMap<>();
        for (LatencyRow r : rows) {
            if (!r.isRep()) {
                by.computeIfAbsent(r.system(), k -> new TreeMap<>()).put(r.rate(), r);
            }
        }
        List<Sweep> out = new ArrayList<>();
        by.forEach((system, rates) -> {
            Double base = headline.get(system);
            long departs = -1;
            if (base != null && !base.isNaN()) {
                for (Map.Entry<Long, LatencyRow> e : rates.entrySet()) {
                    if (e.getValue().p99() > DEPARTURE_FACTOR * base || !e.getValue().complete()) {
                        departs = e.getKey();
                        break;
                    }
                }
            }
            out.add(new Sweep(system, rates, departs));
        });
        return out;
    }

    /** The per-repetition p99s of {@code system} (the pairs table's samples). */
    static double[] repP99s(List<LatencyRow> rows, String system) {
        return rows.stream().filter(r -> r.isRep() && r.system().equals(system)).mapToDouble(LatencyRow::p99)
                .toArray();
    }

    private static Spread spread(List<LatencyRow> rows, ToDoubleFunction<LatencyRow> figure) {
        return Spread.of(rows.stream().mapToDouble(figure).toArray());
    }
}
