package io.rampart.bench.latency;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import io.rampart.bench.report.ResultFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate round-trip latency of every {@link LatencySubject}, one fresh JVM per subject and repetition, in a
 * seeded random order; response time corrected for coordinated omission, with service time, schedule lag and
 * utilisation beside it (see {@link FixedRateRun} for what each means).
 *
 * <p>Usage (the driver): {@code LatencyHarness [--rate msgs/s] [--reps n] [--warmup s] [--duration s]
 * [--sweep r1,r2,..|none] [--sweep-warmup s] [--sweep-duration s] [--sweep-subjects a,b] [--seed n] [--out dir]
 * [--subjects a,b] [--estimate]}; {@code --list} prints the subject names (one a line). Defaults: 2000 msgs/s
 * (the low-load headline rate, meant to keep every subject at most 30% busy; benchmarks/README.md has the
 * measurement behind it, and the report prints each subject's utilisation and flags any above 30%), 5 repetitions, 2 s warm-up and 8 s measured, a sweep over 5000, 10000, 20000 and 40000
 * msgs/s (1 s warm-up and 4 s each), every subject, a seed from the clock. Seconds may have decimals.
 * {@code --estimate} prints the seconds the plan should take and exits.
 *
 * <p>The driver plans the jobs ({@link RunPlan}: each subject {@code --reps} times at {@code --rate}, plus one sweep
 * job per sweep subject running the sweep's rates in ascending order), prints the seed, and runs each job in a child
 * JVM started with the driver's own JVM options and class path, one at a time. A child appends one row per rate to
 * {@code latency-summary.csv} and writes each run's response-time histogram to
 * {@code latency-runs/<subject>.<kind><rep>.<rate>.hgrm}. Then the driver copies, per subject, the repetition whose
 * p99 is the median of its repetitions to {@code <subject>.hgrm} (the chart's input). It exits 1 if any job failed
 * or lost a reply, after running the others.
 *
 * <p>Threads: the caller (the child's main thread) plus the subject's consumer; one child runs at a time.
 */
public final class LatencyHarness {
    /** Histograms hold nanoseconds, reports show microseconds. */
    private static final double NANOS_PER_MICRO = 1000.0;
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    /** Subdirectory of every run's histogram. */
    static final String RUNS_DIR = "latency-runs";
    /** How much longer than planned a child may take before it is killed: a stuck subject must not stall the rest. */
    private static final int CHILD_SLACK_FACTOR = 3;
    private static final long CHILD_SLACK_SECONDS = 30;

    private LatencyHarness() {
    }

    /** Runs the driver, or with {@code --child} one job (the driver's own use). */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--list")) { // compare.sh counts subjects
            Subjects.names().forEach(System.out::println);
            return;
        }
        Options options = Options.parse(args);
        if (options.child != null) {
            System.exit(child(options) ? 0 : 1);
        }
        List<RunPlan.Job> jobs = RunPlan.jobs(options.subjects, options.reps, options.rate, options.sweepSubjects,
                options.sweep, options.seed);
        double estimate = RunPlan.estimateSeconds(jobs, options.warmup, options.duration, options.sweepWarmup,
                options.sweepDuration);
        if (options.estimate) {
            System.out.println(Math.round(Math.ceil(estimate)));
            return;
        }
        System.exit(drive(options, jobs, estimate) ? 0 : 1);
    }

    private static boolean drive(Options options, List<RunPlan.Job> jobs, double estimate) throws Exception {
        Files.createDirectories(options.out.resolve(RUNS_DIR));
        Path csv = options.out.resolve(ResultFiles.LATENCY_CSV);
        Files.writeString(csv, ResultFiles.LATENCY_CSV_HEADER + "\n", StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "latency harness: %d msgs/s x %d reps (warm-up %.1f s, measure %.1f s), "
                        + "sweep %s (warm-up %.1f s, measure %.1f s) for %s; %d JVMs, ~%.0f s; seed %d (replay with "
                        + "--seed %d)%n", options.rate, options.reps, options.warmup, options.duration,
                options.sweep.isEmpty() ? "none" : options.sweep, options.sweepWarmup, options.sweepDuration,
                options.sweepSubjects, jobs.size(), estimate, options.seed, options.seed);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // same JVM options for every child
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LatencyHarness.class.getName());
        int failures = 0;
        int n = 0;
        for (RunPlan.Job job : jobs) {
            n++;
            System.out.printf(Locale.ROOT, "[%d/%d] %s %s%d %s%n", n, jobs.size(), job.subject(), job.kind().label,
                    job.rep(), job.rates());
            List<String> child = new ArrayList<>(command);
            child.addAll(List.of("--child", job.subject(), "--kind", job.kind().label, "--rep",
                    String.valueOf(job.rep()), "--rates", join(job.rates()), "--out", options.out.toString(),
                    "--warmup", String.valueOf(options.warmup), "--duration", String.valueOf(options.duration),
                    "--sweep-warmup", String.valueOf(options.sweepWarmup), "--sweep-duration",
                    String.valueOf(options.sweepDuration)));
            Process p = new ProcessBuilder(child).inheritIO().start();
            double planned = RunPlan.estimateSeconds(List.of(job), options.warmup, options.duration,
                    options.sweepWarmup, options.sweepDuration);
            long limit = (long) (planned * CHILD_SLACK_FACTOR) + CHILD_SLACK_SECONDS;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                System.out.println(job.subject() + ": KILLED after " + limit + " s");
                failures++;
            } else if (p.exitValue() != 0) {
                failures++;
            }
        }
        medianRepetitionHistograms(options.out);
        if (failures > 0) {
            System.out.println("latency harness: " + failures + " job(s) failed");
        }
        return failures == 0;
    }

    /** Runs one job in this JVM; false if it failed, or if a headline-rate run was incomplete. */
    private static boolean child(Options options) {
        LatencySubject subject = Subjects.create(options.child);
        boolean sweep = options.kind == RunPlan.Kind.SWEEP;
        Duration warmup = seconds(sweep ? options.sweepWarmup : options.warmup);
        Duration duration = seconds(sweep ? options.sweepDuration : options.duration);
        try {
            subject.stampDequeues();
            subject.start();
            boolean complete = true;
            for (long rate : options.childRates) {
                FixedRateRun run = new FixedRateRun(subject, rate);
                run.run(warmup, deadline(warmup, sweep));
                FixedRateRun.Result result = run.run(duration, deadline(duration, sweep));
                write(options, rate, duration, result);
                // A sweep's top rates are meant to exceed what some subjects can do: an incomplete sweep rate is
                // a result (the CSV has planned against sent, and the report counts it as departed), not a
                // failed job. At the headline rate every subject must keep up.
                complete &= sweep || result.complete();
            }
            return complete;
        } catch (Exception e) {
            System.out.println(options.child + ": FAILED " + e);
            e.printStackTrace(System.out);
            return false;
        } finally {
            try {
                subject.close();
            } catch (Exception e) {
                System.out.println(options.child + ": close FAILED " + e);
            }
        }
    }

    /**
     * How long a phase may take before the generator stops sending: generous at the headline rate, where every
     * subject keeps up; tight in the sweep, whose top rates are meant to exceed what some subjects can do (the
     * report counts an incomplete rate as departed), so the sweep's time stays close to its estimate.
     */
    private static Duration deadline(Duration phase, boolean sweep) {
        return sweep ? phase.plus(phase.dividedBy(2)).plusMillis(500)
                : phase.multipliedBy(CHILD_SLACK_FACTOR).plusSeconds(5);
    }

    private static void write(Options options, long rate, Duration duration, FixedRateRun.Result r)
            throws IOException {
        String name = options.child;
        Path hgrm = options.out.resolve(RUNS_DIR).resolve(runFile(name, options.kind, options.rep, rate));
        try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8)) {
            r.response().outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, NANOS_PER_MICRO);
        }
        Histogram h = r.response();
        Histogram s = r.service();
        Histogram l = r.lag();
        String row = String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,"
                        + "%.2f,%.1f,%.1f,%.1f,%.1f,%.4f%n", name, options.kind.label, options.rep, rate,
                duration.toNanos() / 1e9, r.planned(), r.sent(), r.replies(), us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
                us(h.getMaxValue()), serviceUs(s, 50), serviceUs(s, 99),
                s.getTotalCount() == 0 ? Double.NaN : s.getMean() / NANOS_PER_MICRO,
                r.meanBusyNanos() / NANOS_PER_MICRO, us(l.getValueAtPercentile(50)), us(l.getValueAtPercentile(99)),
                us(l.getMaxValue()), us(r.ownLag().getValueAtPercentile(99)), r.utilisation());
        try (Writer w = Files.newBufferedWriter(options.out.resolve(ResultFiles.LATENCY_CSV), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            w.write(row);
        }
        System.out.printf(Locale.ROOT, "%-22s %s%d %6d/s sent=%d replies=%d%s p50=%.1fus p99=%.1fus p99.9=%.1fus "
                        + "service p99=%.1fus lag p99=%.1fus (own %.1fus) busy %.1f%%%n", name, options.kind.label, options.rep,
                rate, r.sent(), r.replies(), r.complete() ? "" : " (INCOMPLETE: planned " + r.planned() + ")",
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
                serviceUs(s, 99), us(l.getValueAtPercentile(99)), us(r.ownLag().getValueAtPercentile(99)),
                r.utilisation() * 100);
    }

    /** {@code <subject>.<kind><rep>.<rate>.hgrm}. */
    static String runFile(String subject, RunPlan.Kind kind, int rep, long rate) {
        return subject + "." + kind.label + rep + "." + rate + ".hgrm";
    }

    /**
     * Copies each subject's median-p99 repetition's histogram to {@code <subject>.hgrm} (the lower middle one of
     * an even count), so the chart shows a typical repetition rather than the first or the worst.
     */
    private static void medianRepetitionHistograms(Path out) throws IOException {
        Map<String, List<String[]>> reps = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(out.resolve(ResultFiles.LATENCY_CSV), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > 10 && RunPlan.Kind.REP.label.equals(f[1])) {
                reps.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<String[]>> e : reps.entrySet()) {
            List<String[]> rows = e.getValue();
            rows.sort(Comparator.comparingDouble(f -> Double.parseDouble(f[10])));
            String[] median = rows.get((rows.size() - 1) / 2);
            Path from = out.resolve(RUNS_DIR).resolve(runFile(e.getKey(), RunPlan.Kind.REP,
                    Integer.parseInt(median[2]), Long.parseLong(median[3])));
            if (Files.exists(from)) {
                Files.copy(from, out.resolve(e.getKey() + ".hgrm"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static double serviceUs(Histogram service, double percentile) {
        return service.getTotalCount() == 0 ? Double.NaN : us(service.getValueAtPercentile(percentile));
    }

    private static double us(long nanos) {
        return nanos / NANOS_PER_MICRO;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String join(List<Long> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    /** Command-line options of the driver and of a child. */
    static final class Options {
        long rate = 2_000;
        int reps = 5;
        double warmup = 2;
        double duration = 8;
        List<Long> sweep = List.of(5_000L, 10_000L, 20_000L, 40_000L);
        double sweepWarmup = 1;
        double sweepDuration = 4;
        List<String> sweepSubjects;
        long seed = System.nanoTime();
        boolean estimate;
        Path out = Paths.get(".");
        List<String> subjects = new ArrayList<>();
        /** Set in a child: its subject, kind, repetition and rates. */
        String child;
        RunPlan.Kind kind = RunPlan.Kind.REP;
        int rep = 1;
        List<Long> childRates = List.of();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--estimate")) {
                    o.estimate = true;
                    continue;
                }
                String value = required(args[i], i + 1 < args.length ? args[i + 1] : null);
                switch (args[i]) {
                    case "--rate" -> o.rate = positiveLong(args[i], value);
                    case "--reps" -> o.reps = (int) positiveLong(args[i], value);
                    case "--warmup" -> o.warmup = nonNegative(args[i], value);
                    case "--duration" -> o.duration = nonNegative(args[i], value);
                    case "--sweep" -> o.sweep = value.equals("none") ? List.of() : rates(args[i], value);
                    case "--sweep-warmup" -> o.sweepWarmup = nonNegative(args[i], value);
                    case "--sweep-duration" -> o.sweepDuration = nonNegative(args[i], value);
                    case "--sweep-subjects" -> o.sweepSubjects = List.of(value.split(","));
                    case "--seed" -> o.seed = Long.parseLong(value);
                    case "--out" -> o.out = Paths.get(value);
                    case "--subjects" -> o.subjects = List.of(value.split(","));
                    case "--child" -> o.child = value;
                    case "--kind" -> o.kind = RunPlan.Kind.of(value);
                    case "--rep" -> o.rep = (int) positiveLong(args[i], value);
                    case "--rates" -> o.childRates = rates(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--rate n] "
                            + "[--reps n] [--warmup s] [--duration s] [--sweep r1,r2|none] [--sweep-warmup s] "
                            + "[--sweep-duration s] [--sweep-subjects a,b] [--seed n] [--out dir] [--subjects a,b] "
                            + "[--estimate] | --list");
                }
                i++;
            }
            if (o.subjects.isEmpty()) {
                Subjects.names().forEach(o.subjects::add);
            }
            if (o.sweepSubjects == null) {
                o.sweepSubjects = o.subjects;
            }
            List<String> named = new ArrayList<>(o.subjects);
            named.addAll(o.sweepSubjects);
            if (o.child != null) {
                named.add(o.child);
            }
            for (String s : named) {
                if (!Subjects.exists(s)) { // fail on a typo before spending minutes on the others
                    throw new IllegalArgumentException("unknown subject " + s + "; known: " + Subjects.names());
                }
            }
            if (o.child != null && o.childRates.isEmpty()) {
                throw new IllegalArgumentException("--child needs --rates");
            }
            return o;
        }

        private static List<Long> rates(String option, String value) {
            return Arrays.stream(value.split(",")).map(v -> positiveLong(option, v)).toList();
        }

        private static long positiveLong(String option, String value) {
            long v;
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number: " + value, e);
            }
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive: " + value);
            }
            return v;
        }

        private static double nonNegative(String option, String value) {
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number of seconds: " + value, e);
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(option + " must be a finite number >= 0: " + value);
            }
            return v;
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
