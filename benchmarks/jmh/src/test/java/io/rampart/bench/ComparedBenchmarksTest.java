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
        assertThat(ComparedBenchmarks.benchmarks()).hasSize(6);
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
    void theCatalogDescribesEveryValueAndNothingElse() {
        ComparedBenchmarks.benchmarks().forEach((benchmark, systems) -> {
            for (String value : systems.all()) {
                assertThat(catalog.describe(benchmark, Map.of(ComparedBenchmarks.SYSTEM, value))).as(value)
                        .hasValueSatisfying(c -> assertThat(value.startsWith("rampart-")).isEqualTo(c.isRampart()));
            }
            assertThat(catalog.describe(benchmark, Map.of(ComparedBenchmarks.SYSTEM, "no-such-system"))).isEmpty();
        });
        assertThat(catalog.describe(ComparedBenchmarks.SLOT_RING, Map.of())).isPresent();
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
     * Every default configuration's result, as JMH's JSON would give it, with the {@code -prof gc} run, the
     * latency harness and the idle probe beside it: the report must evaluate every target (none "not run") and
     * put every result in a workload table.
     */
    @Test
    void aRunOfEveryDefaultConfigurationGivesTheReportEveryTargetRow(@TempDir Path dir) throws Exception {
        List<String> results = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Systems<?>> e : ComparedBenchmarks.benchmarks().entrySet()) {
            boolean sample = e.getKey().equals(AskBenchmark.class.getName() + ".ask");
            for (String value : e.getValue().defaults()) {
                results.add(result(e.getKey(), value, sample, 1_000_000 + n++, ""));
            }
        }
        Files.writeString(dir.resolve("jmh.1.json"), "[" + String.join(",", results.subList(0, 10)) + "]");
        Files.writeString(dir.resolve("jmh.2.json"), "[" + String.join(",", results.subList(10, results.size())) + "]");
        String gc = ", \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 0.5}}";
        Files.writeString(dir.resolve("jmh-gc.json"), "["
                + result(TellBenchmark.class.getName() + ".tell", "rampart-backoffThenPark", false, 1e7, gc) + ","
                + result(AskInFlightBenchmark.class.getName() + ".ask", "rampart-backoffThenPark", false, 1e6, gc)
                + "]");
        Files.writeString(dir.resolve(ResultFiles.LATENCY_CSV), ResultFiles.LATENCY_CSV_HEADER + "\n"
                + "rampart,2000,2,4000,4000,4000,10.0,20.0,30.0,40.0,50.0\n"
                + "pekko-ask,2000,2,4000,4000,4000,10.0,20.0,90.0,140.0,150.0\n");
        Files.writeString(dir.resolve(ResultFiles.IDLE_CPU), "slots=4\nwait_strategy=backoffThenPark (default)\n"
                + "engine_threads=5\nsettle_s=1.0\nseconds=2.0\nprocess_cpu_ms=1.0\nprocess_pct_of_one_core=0.05\n"
                + "engine_threads_cpu_ms=1.0\nengine_threads_pct_of_one_core=0.05\n");

        System.setProperty("java.awt.headless", "true");
        ReportWriter.main(new String[] {dir.toString(), "--mode", "test", "--cores", "2"});

        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        String targets = summary.substring(summary.indexOf("## Targets"),
                summary.indexOf("\n## ", summary.indexOf("## Targets") + 1));
        // The 14 target rows of the report before the benchmarks took their system as a parameter.
        assertThat(targets.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| target |"))).hasSize(14)
                .noneMatch(l -> l.endsWith("| not run |"));
        assertThat(summary).doesNotContain("## Other benchmarks");
        for (String workload : List.of(Workloads.TELL_1P_1C, Workloads.TELL_2P_1C, Workloads.TELL_1P_2C,
                Workloads.TELL_EVERYONE_2C, Workloads.ASK_ROUND_TRIP, Workloads.ASK_IN_FLIGHT)) {
            assertThat(summary).contains("## " + workload);
        }
        long tableRows = summary.lines().filter(l -> l.startsWith("| Rampart |") || l.startsWith("| Disruptor |")
                || l.startsWith("| Pekko classic |") || l.startsWith("| ThreadPoolExecutor |")
                || l.startsWith("| ArrayBlockingQueue |") || l.startsWith("| Agrona MPSC queue |")
                || l.startsWith("| JCTools MpscArrayQueue |")
                || l.startsWith("| CompletableFuture on ThreadPoolExecutor |")).count();
        assertThat(tableRows).isEqualTo(results.size());
    }

    /** One JMH JSON result; a SampleTime one carries the percentiles the report reads. */
    private static String result(String benchmark, String system, boolean sample, double score, String extra) {
        String percentiles = sample ? ", \"scorePercentiles\": {\"50.0\": " + score / 1e6 + ", \"99.0\": "
                + (sample && system.startsWith("rampart") ? 1.0 : 10.0) + ", \"99.9\": 20.0}" : "";
        return String.format(Locale.ROOT, "{\"benchmark\": \"%s\", \"mode\": \"%s\", \"params\": {\"system\": \"%s\"}, "
                        + "\"primaryMetric\": {\"score\": %s, \"scoreError\": 1.0, \"scoreUnit\": \"%s\"%s}%s}",
                benchmark, sample ? "sample" : "thrpt", system, score, sample ? "us/op" : "ops/s", percentiles, extra);
    }

    private static Class<?> benchmarkClass(String benchmark) throws ClassNotFoundException {
        return Class.forName(benchmark.substring(0, benchmark.lastIndexOf('.')));
    }

    private static String[] paramDefaults(String benchmark) throws Exception {
        return benchmarkClass(benchmark).getField(ComparedBenchmarks.SYSTEM).getAnnotation(Param.class).value();
    }
}
