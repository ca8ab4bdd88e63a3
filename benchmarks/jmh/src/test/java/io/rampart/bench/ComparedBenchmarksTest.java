package io.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rampart.bench.report.ReportWriter;
import io.rampart.bench.report.ResultFiles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks, their {@code @Param system} lists and the report agree: every default value is a system the
 * benchmark can make and the report can place, and a run of every default configuration (what {@code compare.sh
 * --full} runs) gives the report every row its targets look for.
 */
class ComparedBenchmarksTest {
    private final ComparedBenchmarks catalog = new ComparedBenchmarks();

    @Test
    void eachBenchmarksParamListIsItsSystemsDefaults() throws Exception {
        assertThat(ComparedBenchmarks.benchmarks()).hasSize(7);
        for (Map.Entry<String, Systems<?>> e : ComparedBenchmarks.benchmarks().entrySet()) {
            assertThat(Arrays.asList(paramDefaults(e.getKey()))).as(e.getKey())
                    .containsExactlyElementsOf(e.getValue().defaults());
        }
    }

    @Test
    void everyNamedBenchmarkIsABenchmarkMethod() throws Exception {
        for (String benchmark : ComparedBenchmarks.benchmarks().keySet()) {
            Method method = benchmarkClass(benchmark).getMethod(benchmark.substring(benchmark.lastIndexOf('.') + 1));
            assertThat(method.isAnnotationPresent(Benchmark.class)).as(benchmark).isTrue();
        }
    }

    @Test
    void theCatalogDescribesEveryValueAndNothingElse() throws Exception {
        ComparedBenchmarks.benchmarks().forEach((benchmark, systems) -> {
            for (String value : systems.all()) {
                assertThat(catalog.describe(benchmark, Map.of(ComparedBenchmarks.SYSTEM, value))).as(value)
                        .hasValueSatisfying(c -> assertThat(value.startsWith("rampart-")).isEqualTo(c.isRampart()));
            }
            assertThat(catalog.describe(benchmark, Map.of(ComparedBenchmarks.SYSTEM, "no-such-system"))).isEmpty();
        });
        assertThat(catalog.describe(ComparedBenchmarks.SLOT_RING, Map.of("consumerWork", "0"))).isPresent();
        assertThat(Class.forName(ComparedBenchmarks.SLOT_RING.substring(0, ComparedBenchmarks.SLOT_RING.lastIndexOf('.')))
                .getMethod("publish").isAnnotationPresent(Benchmark.class)).isTrue();
        assertThat(catalog.describe("io.rampart.bench.RampartTellBenchmark.tellOne", Map.of())).isEmpty();
    }

    @Test
    void anUnknownSystemFailsNamingTheKnownOnes() {
        // disruptor-blocking is a system of the ask benchmark; the tell benchmark names its ring too.
        assertThatThrownBy(() -> TellBenchmark.SYSTEMS.create("disruptor-blocking"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disruptor-blocking").hasMessageContaining("disruptor-single-blocking");
    }

    /**
     * Every default configuration's result, as JMH's JSON would give it with three forks each, with the slot ring
     * alone, the {@code -prof gc} run, the latency harness and the idle probe beside it: the report must evaluate
     * every pair (none "not run") with an interval and a verdict, and put every result in a workload table.
     */
    @Test
    void aRunOfEveryDefaultConfigurationGivesTheReportEveryPair(@TempDir Path dir) throws Exception {
        List<String> results = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Systems<?>> e : ComparedBenchmarks.benchmarks().entrySet()) {
            boolean sample = e.getKey().equals(AskBenchmark.class.getName() + ".ask");
            for (String value : e.getValue().defaults()) {
                results.add(result(e.getKey(), value, sample, 1_000_000 + n++, ""));
            }
        }
        // The remote groups and their raw Aeron limits: no @Param system, a @Param path instead.
        for (String path : List.of("ipc", "udp")) {
            for (String sampled : List.of("RemoteAsk.askOneSync", "RemoteAsk.askOne", "AeronPingPong.pingPong")) {
                results.add(onPath(result("io.rampart.bench." + sampled, path, true, 0, ""), path));
            }
            for (String counted : List.of("RemoteTell.tellOne", "AeronTell.tell")) {
                results.add(onPath(result("io.rampart.bench." + counted, path, false, 2e6 + n++, ""), path));
            }
        }
        results.add(String.format(Locale.ROOT, "{\"benchmark\": \"%s\", \"mode\": \"thrpt\", \"params\": {\"consumerWork\": \"0\"}, "
                + "\"primaryMetric\": {\"score\": 2e7, \"scoreError\": 1.0, \"scoreUnit\": \"ops/s\", \"rawData\": [[2e7], [2.1e7], "
                + "[1.9e7]]}}", ComparedBenchmarks.SLOT_RING));
        Files.writeString(dir.resolve("jmh.1.json"), "[" + String.join(",", results.subList(0, 10)) + "]");
        Files.writeString(dir.resolve("jmh.2.json"), "[" + String.join(",", results.subList(10, results.size())) + "]");
        String gc = ", \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 0.5}}";
        Files.writeString(dir.resolve("jmh-gc.json"), "["
                + result(TellBenchmark.class.getName() + ".tell", "rampart-backoffThenPark", false, 1e7, gc) + ","
                + result(AskInFlightBenchmark.class.getName() + ".ask", "rampart-backoffThenPark", false, 1e6, gc)
                + "]");
        StringBuilder latency = new StringBuilder(ResultFiles.LATENCY_CSV_HEADER + "\n");
        for (String subject : List.of("rampart", "rampart-yielding", "pekko-ask", "pekko-ask-tuned",
                "disruptor-phasedLite", "disruptor-liteBlocking", "disruptor-yielding")) {
            latency.append(subject).append(",rep,1,2000,2,4000,4000,4000,10.0,20.0,")
                    .append(subject.startsWith("rampart") ? "30.0" : "90.0")
                    .append(",140.0,150.0,5.0,8.0,5.5,12.0,1.0,3.0,40.0,2.0,0.024\n");
        }
        Files.writeString(dir.resolve(ResultFiles.LATENCY_CSV), latency.toString());
        Files.writeString(dir.resolve(ResultFiles.IDLE_CPU), "slots=4\nwait_strategy=backoffThenPark (default)\n"
                + "engine_threads=5\nsettle_s=1.0\nseconds=2.0\nprocess_cpu_ms=1.0\nprocess_pct_of_one_core=0.05\n"
                + "engine_threads_cpu_ms=1.0\nengine_threads_pct_of_one_core=0.05\n");

        System.setProperty("java.awt.headless", "true");
        ReportWriter.main(new String[] {dir.toString(), "--mode", "test", "--cores", "2"});

        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        String pairs = section(summary, "## Pairs");
        List<String> pairRows = pairs.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| workload |"))
                .toList();
        assertThat(pairRows).hasSizeGreaterThan(30).noneMatch(l -> l.contains("| not run |"))
                .noneMatch(l -> l.contains("| n/a |"));
        // JMH pairs have three forks a side, so an interval and a verdict; the harness's one run is indicative.
        assertThat(pairRows.stream().filter(l -> !l.startsWith("| ask round trip, fixed rate")))
                .allMatch(l -> l.contains("×, ") && (l.contains("| no target |") || l.contains("| met")
                        || l.contains("| missed") || l.contains("| inconclusive")));
        assertThat(pairRows.stream().filter(l -> l.startsWith("| ask round trip, fixed rate")))
                .isNotEmpty().allMatch(l -> l.contains("(no interval)"));
        // Nothing is paired with the blocking wait strategy or with the multi-producer ring's single producer.
        assertThat(pairs).doesNotContain("`disruptor-single-blocking`").doesNotContain("`disruptor-multi-blocking`")
                .doesNotContain("`disruptor-blocking`").doesNotContain("| tell 1P→1C | `rampart-yielding` | "
                        + "`disruptor-multi-yielding`");
        assertThat(section(summary, "## Absolute checks")).doesNotContain("not run");
        assertThat(summary).doesNotContain("best");
        // Only the remote benchmarks, which take a path and no system, are outside the catalog's workload tables.
        if (summary.contains("## Other benchmarks")) {
            assertThat(section(summary, "## Other benchmarks").lines().filter(l -> l.startsWith("| ")
                    && !l.startsWith("| benchmark |") && !l.startsWith("|---")))
                    .allMatch(l -> l.startsWith("| Remote") || l.startsWith("| Aeron"));
        }
        for (String workload : List.of(Workloads.TELL_1P_1C, Workloads.TELL_2P_1C, Workloads.TELL_1P_2C,
                Workloads.TELL_EVERYONE_2C, Workloads.ASK_ROUND_TRIP, Workloads.ASK_IN_FLIGHT)) {
            assertThat(summary).contains("## " + workload);
        }
        long tableRows = summary.lines().filter(l -> l.startsWith("| Rampart |") || l.startsWith("| Disruptor |")
                || l.startsWith("| Pekko classic |") || l.startsWith("| ThreadPoolExecutor |")
                || l.startsWith("| ArrayBlockingQueue |") || l.startsWith("| Agrona MPSC queue |")
                || l.startsWith("| JCTools MpscArrayQueue |") || l.startsWith("| SlotRing alone")
                || l.startsWith("| CompletableFuture on ThreadPoolExecutor |")).count();
        long otherRows = summary.lines().filter(l -> l.startsWith("| Remote") || l.startsWith("| Aeron")).count();
        assertThat(otherRows).isEqualTo(10); // 5 remote benchmarks and baselines, 2 paths
        assertThat(tableRows + otherRows).isEqualTo(results.size());
    }

    private static String section(String summary, String heading) {
        int start = summary.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = summary.indexOf("\n## ", start + 1);
        return summary.substring(start, end < 0 ? summary.length() : end);
    }

    /** One JMH JSON result with three forks; a SampleTime one carries the percentiles and per-fork samples. */
    private static String result(String benchmark, String system, boolean sample, double score, String extra) {
        String forks;
        if (sample) {
            double p = system.startsWith("rampart") ? 1.0 : 10.0;
            String fork = "[[[" + p / 2 + ", 50], [" + p + ", 49], [" + p * 2 + ", 1]]]";
            forks = ", \"scorePercentiles\": {\"50.0\": " + p / 2 + ", \"99.0\": " + p + ", \"99.9\": " + p * 2
                    + "}, \"rawDataHistogram\": [" + fork + ", " + fork + ", " + fork + "]";
        } else {
            forks = String.format(Locale.ROOT, ", \"rawData\": [[%s], [%s], [%s]]", score * 0.99, score, score * 1.01);
        }
        return String.format(Locale.ROOT, "{\"benchmark\": \"%s\", \"mode\": \"%s\", \"params\": {\"system\": \"%s\"}, "
                        + "\"primaryMetric\": {\"score\": %s, \"scoreError\": 1.0, \"scoreUnit\": \"%s\"%s}%s}",
                benchmark, sample ? "sample" : "thrpt", system, score, sample ? "us/op" : "ops/s", forks, extra);
    }

    /** A result taken with {@code @Param path} instead of {@code system}. */
    private static String onPath(String result, String path) {
        return result.replace("\"system\": \"" + path + "\"", "\"path\": \"" + path + "\"");
    }

    private static Class<?> benchmarkClass(String benchmark) throws ClassNotFoundException {
        return Class.forName(benchmark.substring(0, benchmark.lastIndexOf('.')));
    }

    private static String[] paramDefaults(String benchmark) throws Exception {
        return benchmarkClass(benchmark).getField(ComparedBenchmarks.SYSTEM).getAnnotation(Param.class).value();
    }
}
