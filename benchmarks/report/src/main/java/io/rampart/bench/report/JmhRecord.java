package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
record JmhRecord(String benchmark, String mode, Map<String, String> params, double score, double error,
                 String unit, Map<Double, Double> percentiles, Compared compared, Map<String, Double> secondary) {

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
            records.add(new JmhRecord(benchmark, (String) run.get("mode"), params, Json.number(metric.get("score")),
                    Json.number(metric.get("scoreError")), (String) metric.get("scoreUnit"), percentiles,
                    catalog.describe(benchmark, params).orElse(null), secondary));
        }
        return records;
    }
}
