package io.rampart.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of {@code scripts/ab.sh}: reads {@code A-<i>.json} and {@code B-<i>.json} (one JMH fork each, one
 * benchmark and param combination each) from a directory and prints every fork's value, each side's median and
 * range, and B/A of the medians with its 95% bootstrap interval ({@link ForkStats}, the same code as the report's
 * pairs). For SampleTime results the p50 and p99 of each fork are compared; for throughput, the score.
 *
 * <p>Usage: {@code AbStats <dir> <forks>}.
 */
public final class AbStats {
    private AbStats() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AbStats <dir> <forks>");
        }
        System.out.print(report(Paths.get(args[0]), Integer.parseInt(args[1])));
    }

    /** The printed report for the forks in {@code dir}. */
    static String report(Path dir, int forks) throws IOException {
        List<JmhRecord> a = new ArrayList<>();
        List<JmhRecord> b = new ArrayList<>();
        for (int i = 1; i <= forks; i++) {
            a.add(load(dir.resolve("A-" + i + ".json")));
            b.add(load(dir.resolve("B-" + i + ".json")));
        }
        StringBuilder out = new StringBuilder();
        out.append("\nA: ").append(a.get(0).benchmark()).append(' ').append(a.get(0).params());
        out.append("\nB: ").append(b.get(0).benchmark()).append(' ').append(b.get(0).params());
        out.append("\n(").append(forks).append(" forks per side, alternating)\n");
        Map<String, double[]> va = values(a);
        Map<String, double[]> vb = values(b);
        if (!va.keySet().equals(vb.keySet())) {
            throw new IllegalArgumentException("A and B measured different things (units or modes differ): "
                    + va.keySet() + " vs " + vb.keySet());
        }
        for (String key : va.keySet()) {
            double[] xa = va.get(key);
            double[] xb = vb.get(key);
            ForkStats.Interval i = ForkStats.ratioOfMedians(xb, xa);
            out.append("  ").append(key).append('\n');
            out.append("    A forks: ").append(side(xa)).append('\n');
            out.append("    B forks: ").append(side(xb)).append('\n');
            out.append(String.format(Locale.ROOT, "    B/A of medians: %.3f  (95%% bootstrap interval %.3f .. %.3f)%n",
                    i.ratio(), i.low(), i.high()));
        }
        return out.toString();
    }

    private static JmhRecord load(Path json) throws IOException {
        List<JmhRecord> results = JmhRecord.fromJson(Json.parse(Files.readString(json, StandardCharsets.UTF_8)),
                (benchmark, params) -> Optional.empty());
        if (results.size() != 1) {
            StringBuilder found = new StringBuilder();
            results.forEach(r -> found.append(r.benchmark()).append(' ').append(r.params()).append(", "));
            throw new IllegalArgumentException(json.getFileName() + ": " + results.size() + " results; each side must "
                    + "select exactly one benchmark and params: " + found);
        }
        return results.get(0);
    }

    /** Per metric, one value per fork (each file is one fork). */
    private static Map<String, double[]> values(List<JmhRecord> forks) {
        Map<String, double[]> values = new LinkedHashMap<>();
        JmhRecord first = forks.get(0);
        if (first.lowerIsBetter()) {
            values.put("p50 " + first.unit(), forks.stream().mapToDouble(r -> r.percentile(50)).toArray());
            values.put("p99 " + first.unit(), forks.stream().mapToDouble(r -> r.percentile(99)).toArray());
        } else {
            values.put(first.unit(), forks.stream().mapToDouble(JmhRecord::score).toArray());
        }
        return values;
    }

    private static String side(double[] xs) {
        StringBuilder s = new StringBuilder();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : xs) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.3f", x));
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return s + String.format(Locale.ROOT, "   median %,.3f  (min %,.3f, max %,.3f)", ForkStats.median(xs), min, max);
    }
}
