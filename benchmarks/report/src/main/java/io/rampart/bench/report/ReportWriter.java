package io.rampart.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Turns one run's raw results into a report: reads the JMH results ({@code jmh.json}, or one
 * {@code jmh.<n>.json} per JMH invocation when a run needed several, read in name order, whose results for the same
 * benchmark and params are joined fork by fork, {@link JmhRecord#mergeForks}), {@code jmh-gc.json}
 * (the {@code -prof gc} run), {@code latency-summary.csv}, {@code idle-cpu.txt} and the {@code *.hgrm} files of a
 * directory and writes {@code summary.md} and PNG charts beside them. What each JMH result measured comes from
 * the {@link BenchmarkCatalog} on the class path.
 *
 * <p>Usage: {@code ReportWriter <dir> [--mode smoke|quick|full] [--cores n]}. Run with
 * {@code -Djava.awt.headless=true}. Any input file may be missing (its sections then say so); none is
 * invented. {@code --cores} lets the script pass {@code nproc}, which counts the CPUs this process may use.
 */
public final class ReportWriter {
    /** The JSON results of the {@code -prof gc} run. */
    static final String GC_JSON = "jmh-gc.json";
    /** The rate sweep's chart. */
    static final String SWEEP_PNG = "latency-sweep.png";

    private ReportWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ReportWriter <dir> [--mode m] [--cores n]");
        }
        Path dir = Paths.get(args[0]);
        String mode = "unspecified";
        String cores = String.valueOf(Runtime.getRuntime().availableProcessors());
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = args[i + 1];
                case "--cores" -> cores = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BenchmarkCatalog catalog = BenchmarkCatalog.installed();
        List<Path> jsons = jmhResults(dir);
        List<JmhRecord> read = new ArrayList<>();
        for (Path json : jsons) {
            read.addAll(JmhRecord.fromJson(Json.parse(Files.readString(json, StandardCharsets.UTF_8)), catalog));
        }
        // compare.sh --full runs each selection in rounds of one fork each (systems interleaved, so a drift of the
        // machine lands on every side of a pair); a configuration's forks come back together here.
        List<JmhRecord> jmh = JmhRecord.mergeForks(read);
        Path csv = dir.resolve(ResultFiles.LATENCY_CSV);
        List<LatencyRow> latency = Files.exists(csv) ? LatencyRow.read(csv, ResultFiles.LATENCY_CSV_HEADER) : List.of();
        List<Hgrm> histograms = readHistograms(dir);
        // The -prof gc run repeats benchmarks already in jmh.json; kept apart so no row appears twice.
        Path gcJson = dir.resolve(GC_JSON);
        List<JmhRecord> gc = Files.exists(gcJson)
                ? JmhRecord.fromJson(Json.parse(Files.readString(gcJson, StandardCharsets.UTF_8)), catalog) : List.of();
        Path idleFile = dir.resolve(ResultFiles.IDLE_CPU);
        Properties idle = null;
        if (Files.exists(idleFile)) {
            idle = new Properties();
            try (Reader r = Files.newBufferedReader(idleFile, StandardCharsets.UTF_8)) {
                idle.load(r);
            }
        }

        Files.writeString(dir.resolve("summary.md"),
                SummaryWriter.render(machine(mode, cores, jsons), jmh, gc, latency, idle), StandardCharsets.UTF_8);
        List<String> pngs = plot(dir, jmh, histograms);
        if (sweepChart(dir, latency)) {
            pngs = new ArrayList<>(pngs);
            pngs.add(SWEEP_PNG);
        }
        System.out.println("report: " + dir.resolve("summary.md") + " (" + jmh.size() + " JMH results, "
                + gc.size() + " -prof gc results, " + latency.size() + " latency runs, idle CPU "
                + (idle == null ? "not run" : "measured") + "), plots: " + String.join(", ", pngs));
    }

    /** {@code jmh.json} if present, then every {@code jmh.<n>.json}, in name order ({@code jmh-gc.json} is apart). */
    private static List<Path> jmhResults(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.exists(dir.resolve("jmh.json"))) {
            files.add(dir.resolve("jmh.json"));
        }
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> each = Files.newDirectoryStream(dir, "jmh.*.json")) {
            each.forEach(parts::add);
        }
        parts.sort(null);
        files.addAll(parts);
        return files;
    }

    private static List<Hgrm> readHistograms(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> hgrm = Files.newDirectoryStream(dir, "*.hgrm")) {
            hgrm.forEach(files::add);
        }
        files.sort(null);
        List<Hgrm> histograms = new ArrayList<>();
        for (Path f : files) {
            histograms.add(Hgrm.read(f));
        }
        return histograms;
    }

    /** Draws the rate sweep (p99 by rate, one series per subject); false when the run had no sweep. */
    private static boolean sweepChart(Path dir, List<LatencyRow> latency) throws IOException {
        List<Long> rates = LatencySummary.sweepRates(latency);
        if (rates.isEmpty()) {
            return false;
        }
        List<String> categories = rates.stream().map(r -> r + "/s").toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (LatencySummary.Sweep sweep : LatencySummary.sweeps(latency)) {
            series.put(sweep.system(), rates.stream().map(r -> sweep.byRate().containsKey(r)
                    ? sweep.byRate().get(r).p99() : Double.NaN).toList());
        }
        Plots.logPoints("Response p99 by rate (rate sweep, one run each, CO-corrected)", "p99 (us, log scale)",
                categories, series, dir.resolve(SWEEP_PNG));
        return true;
    }

    private static List<String> plot(Path dir, List<JmhRecord> jmh, List<Hgrm> histograms) throws IOException {
        List<String> written = new ArrayList<>();
        if (!histograms.isEmpty()) {
            Plots.latencyPercentiles(histograms, "Round-trip response time by percentile (fixed low rate, "
                    + "CO-corrected; each subject's median-p99 repetition)",
                    dir.resolve("latency-percentiles.png"));
            written.add("latency-percentiles.png");
        }
        Map<String, List<JmhRecord>> throughput = new LinkedHashMap<>();
        List<JmhRecord> asks = new ArrayList<>();
        for (JmhRecord r : jmh) {
            if (r.compared() == null) {
                continue;
            }
            if (r.lowerIsBetter()) {
                asks.add(r);
            } else {
                throughput.computeIfAbsent(r.compared().workload(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<JmhRecord>> e : throughput.entrySet()) {
            String file = "throughput-" + slug(e.getKey()) + ".png";
            Plots.throughputBars(e.getValue().stream().map(ReportWriter::label).toList(),
                    e.getValue().stream().map(JmhRecord::score).toList(), e.getKey(), dir.resolve(file));
            written.add(file);
        }
        if (!asks.isEmpty()) {
            Plots.latencyPercentiles(asks.stream().map(ReportWriter::asDistribution).toList(),
                    "Ask round trip by percentile, back to back (JMH SampleTime)",
                    dir.resolve("ask-percentiles.png"));
            written.add("ask-percentiles.png");
        }
        return written;
    }

    /** A SampleTime result's percentiles as a distribution to plot; JMH already reports microseconds. */
    private static Hgrm asDistribution(JmhRecord r) {
        List<Hgrm.Point> points = new ArrayList<>();
        r.percentiles().forEach((p, v) -> points.add(new Hgrm.Point(v, p / 100.0, 0, 1.0 / (1.0 - p / 100.0))));
        return new Hgrm(label(r), points);
    }

    private static String label(JmhRecord r) {
        String configuration = r.compared().configuration();
        return r.compared().system() + ("-".equals(configuration) ? "" : " " + configuration);
    }

    private static String slug(String s) {
        return s.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** The machine facts for the summary, each read from its source in this run. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> machine(String mode, String cores, List<Path> jsons) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("cores (nproc)", cores);
        m.put("CPU model", cpuModel());
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        if (!jsons.isEmpty()) { // every invocation of one run uses the same JVM and timing options
            Object parsed = Json.parse(Files.readString(jsons.get(0), StandardCharsets.UTF_8));
            List<Object> runs = (List<Object>) parsed;
            if (!runs.isEmpty()) {
                Map<String, Object> first = (Map<String, Object>) runs.get(0);
                m.put("JVM (JMH forks)", first.get("vmName") + " " + first.get("vmVersion") + ", JDK "
                        + first.get("jdkVersion"));
                m.put("JVM args (JMH forks)", String.valueOf(first.get("jvmArgs")));
                m.put("JMH", "version " + first.get("jmhVersion") + ", forks " + fmt(first.get("forks"))
                        + ", warmup " + fmt(first.get("warmupIterations")) + " x " + first.get("warmupTime")
                        + ", measurement " + fmt(first.get("measurementIterations")) + " x "
                        + first.get("measurementTime"));
            }
        }
        m.put("JVM (report, latency harness)", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version"));
        m.put("threads and wait strategies", "per row below (threads, waits, configuration); each benchmark "
                + "class's javadoc has its thread counts, each system's class its topology");
        return m;
    }

    private static String fmt(Object number) {
        return number instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(number);
    }

    private static String cpuModel() {
        Path cpuinfo = Paths.get("/proc/cpuinfo");
        try {
            if (Files.exists(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
