package io.rampart.bench.latency;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import io.rampart.bench.report.ResultFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate round-trip latency of every {@link LatencySubject}, one after another, corrected for
 * coordinated omission (see {@link FixedRateRun}).
 *
 * <p>Usage: {@code LatencyHarness [--rate msgs/s] [--duration s] [--warmup s] [--out dir] [--subjects a,b]}, or
 * {@code LatencyHarness --list} to print the subject names (one a line) and exit
 * (defaults 10000 msgs/s, 10 s, 3 s, the current directory, every subject). For each subject it writes
 * {@code <subject>.hgrm} (HdrHistogram percentile distribution in microseconds) and one row of
 * {@code latency-summary.csv}, and prints a one-line summary. It exits 1 if any subject failed or lost a
 * reply, after running the others.
 *
 * <p>Threads: the caller (this main thread) plus each subject's one consumer; subjects run one at a time.
 */
public final class LatencyHarness {
    /** Unit conversion for outputs: histograms hold nanoseconds, reports show microseconds. */
    private static final double NANOS_PER_MICRO = 1000.0;
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private LatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--list")) { // compare.sh counts subjects to estimate its time
            Subjects.names().forEach(System.out::println);
            return;
        }
        Options options = Options.parse(args);
        Files.createDirectories(options.out);
        Path csv = options.out.resolve(ResultFiles.LATENCY_CSV);
        Files.writeString(csv, ResultFiles.LATENCY_CSV_HEADER + "\n", StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "latency harness: %d msgs/s, warmup %d s, measure %d s, subjects %s%n",
                options.rate, options.warmup.toSeconds(), options.duration.toSeconds(), options.subjects);
        int failures = 0;
        for (String name : options.subjects) {
            try {
                if (!measure(name, options, csv)) {
                    failures++;
                }
            } catch (Exception e) {
                failures++;
                System.out.println(name + ": FAILED " + e);
                e.printStackTrace(System.out);
            }
        }
        if (failures > 0) {
            System.out.println("latency harness: " + failures + " subject(s) failed");
            System.exit(1);
        }
    }

    private static boolean measure(String name, Options options, Path csv) throws Exception {
        FixedRateRun.Result result;
        LatencySubject subject = Subjects.create(name);
        try {
            subject.start();
            FixedRateRun run = new FixedRateRun(subject, options.rate);
            run.run(options.warmup, options.warmup.multipliedBy(3).plusSeconds(5));
            result = run.run(options.duration, options.duration.multipliedBy(3).plusSeconds(5));
        } finally {
            subject.close();
        }
        Histogram h = result.histogram();
        try (PrintStream out = new PrintStream(Files.newOutputStream(options.out.resolve(name + ".hgrm")),
                false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, NANOS_PER_MICRO);
        }
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            w.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f%n", name, options.rate,
                    options.duration.toSeconds(), result.planned(), result.sent(), result.replies(),
                    us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                    us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
        }
        System.out.printf(Locale.ROOT,
                "%-20s sent=%d replies=%d%s p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus%n", name, result.sent(),
                result.replies(), result.complete() ? "" : " (INCOMPLETE: planned " + result.planned() + ")",
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
        return result.complete();
    }

    private static double us(long nanos) {
        return nanos / NANOS_PER_MICRO;
    }

    /** Command-line options. */
    private static final class Options {
        long rate = 10_000;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(3);
        Path out = Paths.get(".");
        List<String> subjects = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--rate" -> o.rate = Long.parseLong(required(args[i], value));
                    case "--duration" -> o.duration = Duration.ofSeconds(Long.parseLong(required(args[i], value)));
                    case "--warmup" -> o.warmup = Duration.ofSeconds(Long.parseLong(required(args[i], value)));
                    case "--out" -> o.out = Paths.get(required(args[i], value));
                    case "--subjects" -> o.subjects = List.of(required(args[i], value).split(","));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: [--rate n] [--duration s] [--warmup s] [--out dir] [--subjects a,b]");
                }
                i++;
            }
            if (o.subjects.isEmpty()) {
                Subjects.names().forEach(o.subjects::add);
            }
            for (String s : o.subjects) {
                if (!Subjects.exists(s)) { // fail on a typo before spending minutes on the others
                    throw new IllegalArgumentException("unknown subject " + s + "; known: " + Subjects.names());
                }
            }
            return o;
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
