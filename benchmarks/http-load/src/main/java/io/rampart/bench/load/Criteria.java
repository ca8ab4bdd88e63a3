package io.rampart.bench.load;

/**
 * What a step must show to count as sustained (below saturation): the server answered at least
 * {@code minAchievedFraction} of the target rate with 200s, no more than {@code maxErrorFraction} of the
 * requests sent failed (a non-200 status, a timeout or a connection error), and the p99 response time is
 * at most {@code p99BoundMicros}.
 *
 * @param minAchievedFraction e.g. 0.99
 * @param maxErrorFraction e.g. 0.001
 * @param p99BoundMicros e.g. 10 000 (10 ms)
 */
public record Criteria(double minAchievedFraction, double maxErrorFraction, long p99BoundMicros) {
    /** The criteria of scripts/http-compare.sh: 99% of the target rate, at most 0.1% errors, p99 at most 10 ms. */
    public static final Criteria DEFAULT = new Criteria(0.99, 0.001, 10_000);

    /** Checks the fields; see the record's description. */
    public Criteria {
        if (!(minAchievedFraction > 0 && minAchievedFraction <= 1) || !(maxErrorFraction >= 0 && maxErrorFraction < 1)
                || p99BoundMicros <= 0) {
            throw new IllegalArgumentException("criteria need 0 < achieved fraction <= 1, 0 <= error fraction < 1 and "
                    + "a positive p99 bound, were " + minAchievedFraction + ", " + maxErrorFraction + ", "
                    + p99BoundMicros + " us");
        }
    }

    /**
     * @param step a measured step
     * @return null if the step is sustained, else why not (for the report)
     */
    public String failure(StepResult step) {
        if (step.sent() == 0) {
            return "not run (the sweep had stopped)";
        }
        if (step.achievedPerSec() < minAchievedFraction * step.targetPerSec()) {
            return String.format(java.util.Locale.ROOT, "achieved %.0f/s < %.0f%% of %d/s", step.achievedPerSec(),
                    100 * minAchievedFraction, step.targetPerSec());
        }
        if (step.errors() > maxErrorFraction * step.sent()) {
            return step.errors() + " errors in " + step.sent() + " requests";
        }
        if (step.p99Micros() > p99BoundMicros) {
            return "p99 " + step.p99Micros() + " us > " + p99BoundMicros + " us";
        }
        return null;
    }

    /** @return a sentence defining a sustained step, for the report */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "achieved rate (200s per second, from the step's first scheduled "
                        + "start to its last response) >= %.0f%% of the target, errors (non-200, timeouts, connection "
                        + "errors) <= %.1f%% of requests sent, and p99 <= %.1f ms", 100 * minAchievedFraction,
                100 * maxErrorFraction, p99BoundMicros / 1000.0);
    }
}
