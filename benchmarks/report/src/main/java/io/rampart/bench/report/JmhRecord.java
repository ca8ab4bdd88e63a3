package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One benchmark result from JMH's JSON output, joined with what the {@link BenchmarkCatalog} says it measured.
 *
 * @param benchmark   the full benchmark name, {@code package.Class.method}
 * @param mode        JMH mode: "thrpt", "sample", ...
 * @param params      {@code @Param} values of this run, in JMH's order
 * @param score       the primary score (ops/s for thrpt; mean time for sample)
 * @param error       the 99.9% confidence half-width, NaN when JMH had too few iterations
 * @param unit        the score's unit as JMH printed it
 * @param percentiles for sample mode, percentile (0..100) to value, in {@link #unit}; empty otherwise
 * @param compared    the catalog's description, or null for a benchmark outside the comparison
 * @param secondary   JMH's secondary metrics by name (e.g. {@code gc.alloc.rate.norm} under {@code -prof gc}),
 *                    each as its score; empty when the run had no profiler
 * @param forkScores  per fork, the mean of its measurement iterations (JSON {@code rawData}); for a result
 *                    without raw data, the one {@link #score}
 * @param forkHistograms for sample mode, per fork, its samples as value to count (all its iterations together,
 *                    JSON {@code rawDataHistogram}); empty otherwise
 */
record JmhRecord(String benchmark, String mode, Map<String, String> params, double score, double error,
                 String unit, Map<Double, Double> percentiles, Compared compared, Map<String, Double> secondary,
                 List<Double> forkScores, List<Map<Double, Long>> forkHistograms) {

    /** The percentiles the report prints and recomputes when it merges forks from several files. */
    private static final double[] PERCENTILES = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};

    /** The {@code -prof gc} metric: bytes allocated per operation, normalised by JMH. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** A secondary metric's score, or NaN if the run did not record it. */
    double secondary(String name) {
        return secondary.getOrDefault(name, Double.NaN);
    }

    /** Whether this is {@code benchmark} (full name) run with every one of {@code wanted}'s param values. */
    boolean is(String benchmark, Map<String, String> wanted) {
        if (!this.benchmark.equals(benchmark)) {
            return false;
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(params.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether lower scores are better (time per operation) rather than higher (operations per time). */
    boolean lowerIsBetter() {
        return !"thrpt".equals(mode);
    }

    /** The value at {@code percentile} (0..100), or NaN if JMH did not record it. */
    double percentile(double percentile) {
        return percentiles.getOrDefault(percentile, Double.NaN);
    }

    /** The catalog's configuration of this row; else its params as "k=v, k=v", or "-" when there are none. */
    String configuration() {
        if (compared != null) {
            return compared.configuration();
        }
        if (params.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    /** How many forks this result has. */
    int forks() {
        return lowerIsBetter() && !forkHistograms.isEmpty() ? forkHistograms.size() : forkScores.size();
    }

    /**
     * One value per fork: the fork's score, or for sample mode with per-fork samples its value at
     * {@code percentile} (0..100; NaN for the score). A sample result without per-fork samples has one value,
     * JMH's percentile over every fork.
     */
    double[] forkValues(double percentile) {
        if (Double.isNaN(percentile)) {
            return forkScores.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (forkHistograms.isEmpty()) {
            double v = percentile(percentile);
            return Double.isNaN(v) ? new double[0] : new double[] {v};
        }
        return forkHistograms.stream().mapToDouble(h -> ForkStats.percentile(h, percentile)).toArray();
    }

    /** The key that identifies one configuration: the benchmark and its params. */
    private String key() {
        return benchmark + " " + params;
    }

    /**
     * Joins the results of the same benchmark and params from several files (rounds of one run, each a fork) into
     * one result each, in first-seen order: forks are concatenated; the score is the mean of the fork scores; sample
     * percentiles are recomputed from the joined samples (nearest rank, {@link ForkStats#percentile}); the error is
     * NaN, since no single JMH run measured it. A result seen once is kept as JMH wrote it.
     */
    static List<JmhRecord> mergeForks(List<JmhRecord> records) {
        Map<String, List<JmhRecord>> byKey = new LinkedHashMap<>();
        for (JmhRecord r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        List<JmhRecord> merged = new ArrayList<>();
        for (List<JmhRecord> same : byKey.values()) {
            if (same.size() == 1) {
                merged.add(same.get(0));
                continue;
            }
            JmhRecord first = same.get(0);
            List<Double> scores = new ArrayList<>();
            List<Map<Double, Long>> histograms = new ArrayList<>();
            for (JmhRecord r : same) {
                if (!Objects.equals(r.mode, first.mode) || !Objects.equals(r.unit, first.unit)) {
                    throw new IllegalArgumentException("cannot join " + first.key() + ": modes or units differ");
                }
                scores.addAll(r.forkScores);
                histograms.addAll(r.forkHistograms);
            }
            double score = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            Map<Double, Double> percentiles = new TreeMap<>();
            if (!histograms.isEmpty()) {
                Map<Double, Long> all = new TreeMap<>();
                histograms.forEach(h -> h.forEach((v, c) -> all.merge(v, c, Long::sum)));
                for (double p : PERCENTILES) {
                    percentiles.put(p, ForkStats.percentile(all, p));
                }
            } else {
                percentiles.putAll(first.percentiles);
            }
            merged.add(new JmhRecord(first.benchmark, first.mode, first.params, score, Double.NaN, first.unit,
                    percentiles, first.compared, first.secondary, List.copyOf(scores), List.copyOf(histograms)));
        }
        return merged;
    }

    /** The class and method, without the package. */
    String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** Reads every record of a JMH {@code -rf json} file's parsed content, described by {@code catalog}. */
    @SuppressWarnings("unchecked")
    static List<JmhRecord> fromJson(Object parsed, BenchmarkCatalog catalog) {
        List<JmhRecord> records = new ArrayList<>();
        for (Object o : (List<Object>) parsed) {
            Map<String, Object> run = (Map<String, Object>) o;
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            Map<String, String> params = new LinkedHashMap<>();
            Object p = run.get("params");
            if (p != null) {
                ((Map<String, Object>) p).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<Double, Double> percentiles = new TreeMap<>();
            Object pc = metric.get("scorePercentiles");
            if (pc != null && "sample".equals(run.get("mode"))) {
                ((Map<String, Object>) pc).forEach((k, v) -> percentiles.put(Double.valueOf(k), Json.number(v)));
            }
            Map<String, Double> secondary = new TreeMap<>();
            Object sm = run.get("secondaryMetrics");
            if (sm != null) {
                ((Map<String, Object>) sm).forEach((k, v) ->
                        secondary.put(k, Json.number(((Map<String, Object>) v).get("score"))));
            }
            String benchmark = (String) run.get("benchmark");
            double score = Json.number(metric.get("score"));
            List<Double> forkScores = new ArrayList<>();
            Object raw = metric.get("rawData");
            if (raw != null) {
                for (Object fork : (List<Object>) raw) {
                    forkScores.add(((List<Object>) fork).stream().mapToDouble(Json::number).average()
                            .orElse(Double.NaN));
                }
            }
            if (forkScores.isEmpty()) {
                forkScores.add(score);
            }
            List<Map<Double, Long>> forkHistograms = new ArrayList<>();
            Object rawHistogram = metric.get("rawDataHistogram");
            if (rawHistogram != null && "sample".equals(run.get("mode"))) {
                for (Object fork : (List<Object>) rawHistogram) {
                    Map<Double, Long> samples = new TreeMap<>();
                    for (Object iteration : (List<Object>) fork) {
                        for (Object bucket : (List<Object>) iteration) {
                            List<Object> valueCount = (List<Object>) bucket;
                            samples.merge(Json.number(valueCount.get(0)), (long) Json.number(valueCount.get(1)),
                                    Long::sum);
                        }
                    }
                    forkHistograms.add(samples);
                }
            }
            records.add(new JmhRecord(benchmark, (String) run.get("mode"), params, score,
                    Json.number(metric.get("scoreError")), (String) metric.get("scoreUnit"), percentiles,
                    catalog.describe(benchmark, params).orElse(null), secondary, List.copyOf(forkScores),
                    List.copyOf(forkHistograms)));
        }
        return records;
    }
}
