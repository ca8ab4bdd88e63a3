package io.rampart.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Counts and times the requests of each step of a run, and stops a sweep once it has saturated. Gatling's
 * virtual users call {@link #begin} when they start and {@link #end} when their response (or its failure)
 * is in; both take {@link System#nanoTime()} readings so that a response time here runs from the user's start,
 * which open injection schedules at fixed intervals whatever the server does, to the response's completion.
 *
 * <p>Steps run one after another (Gatling's {@code andThen}: a step starts once every user of the one before
 * has finished), so when a step's first user begins, the previous step is complete and can be judged: after
 * {@code stopAfter} sweep steps in a row that are not sustained ({@link Criteria}), the users of the remaining
 * sweep steps start but send nothing, which keeps a saturated sweep from running out its whole schedule.
 *
 * <p>Thread-safe: Gatling calls it from its event-loop threads; one lock, held for a few counter updates.
 */
public final class StepRecorder {
    private final List<StepSpec> specs;
    private final Criteria criteria;
    private final int stopAfter;
    private final IntConsumer stepStarted;
    private final Map<Integer, Step> steps = new TreeMap<>();
    private int judged = -1;
    private int failuresInARow;
    private boolean sweepStopped;

    /**
     * @param specs the run's steps, in order
     * @param criteria what a sustained step is
     * @param stopAfter stop the sweep after this many unsustained sweep steps in a row (>= 1)
     * @param stepStarted told a step's index when its first user begins (under this recorder's lock: it must
     *                    only hand work to another thread)
     */
    public StepRecorder(List<StepSpec> specs, Criteria criteria, int stopAfter, IntConsumer stepStarted) {
        if (stopAfter < 1) {
            throw new IllegalArgumentException("stopAfter must be >= 1, was " + stopAfter);
        }
        this.specs = List.copyOf(specs);
        this.criteria = criteria;
        this.stopAfter = stopAfter;
        this.stepStarted = stepStarted;
    }

    /**
     * A virtual user of step {@code index} has started.
     *
     * @param index the step's index in the run
     * @param nowNanos {@link System#nanoTime()} now
     * @return whether the user sends its request (false once the sweep has stopped)
     */
    public synchronized boolean begin(int index, long nowNanos) {
        judgeUpTo(index - 1);
        Step step = step(index);
        if (step.started++ == 0) {
            stepStarted.accept(index);
        }
        step.firstStart = Math.min(step.firstStart, nowNanos);
        step.lastStart = Math.max(step.lastStart, nowNanos);
        boolean send = !(sweepStopped && specs.get(index).kind().equals("sweep"));
        if (send) {
            step.sent++;
        }
        return send;
    }

    /**
     * A request of step {@code index} has its answer, or has failed.
     *
     * @param index the step's index in the run
     * @param startNanos the reading its user's {@link #begin} took
     * @param status the HTTP status, or -1 if there was no response (timeout, connection error)
     * @param nowNanos {@link System#nanoTime()} now
     */
    public synchronized void end(int index, long startNanos, int status, long nowNanos) {
        Step step = step(index);
        step.lastEnd = Math.max(step.lastEnd, nowNanos);
        step.latency.recordValue(Math.min(step.latency.getHighestTrackableValue(),
                Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - startNanos))));
        if (status == 200) {
            step.ok++;
        } else if (status < 0) {
            step.failed++;
        } else {
            step.statuses.merge(status, 1L, Long::sum);
        }
    }

    /** @return every step's result, in order (steps no user reached have zero counts) */
    public synchronized List<StepResult> results() {
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            out.add(result(i));
        }
        return out;
    }

    private void judgeUpTo(int last) {
        for (int i = judged + 1; i <= last; i++) {
            if (specs.get(i).kind().equals("sweep")) {
                failuresInARow = criteria.failure(result(i)) == null ? 0 : failuresInARow + 1;
                if (failuresInARow >= stopAfter) {
                    sweepStopped = true;
                }
            }
            judged = i;
        }
    }

    private Step step(int index) {
        return steps.computeIfAbsent(index, i -> new Step());
    }

    private StepResult result(int index) {
        StepSpec spec = specs.get(index);
        Step s = steps.getOrDefault(index, new Step());
        long httpErrors = s.statuses.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder statuses = new StringBuilder();
        s.statuses.forEach((code, n) -> statuses.append(statuses.length() == 0 ? "" : ",").append(code).append(':')
                .append(n));
        double injected = s.started > 1 ? (s.started - 1) / ((s.lastStart - s.firstStart) / 1e9) : 0;
        double span = (s.lastEnd - s.firstStart) / 1e9;
        double achieved = s.ok > 0 && span > 0 ? s.ok / span : 0;
        Histogram h = s.latency;
        return new StepResult(spec.name(index), spec.kind(), spec.ratePerSec(), spec.seconds(), s.started, s.sent,
                s.ok, httpErrors, s.failed, statuses.length() == 0 ? "-" : statuses.toString(), injected, achieved,
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** One step's counters. */
    private static final class Step {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        long started;
        long sent;
        long ok;
        long failed;
        long firstStart = Long.MAX_VALUE;
        long lastStart = Long.MIN_VALUE;
        long lastEnd = Long.MIN_VALUE;
    }
}
