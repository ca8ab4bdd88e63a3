package io.rampart.bench.report;

/**
 * What a paired ratio says about its target ("ratio ≥ bound"), given its 95% interval over forks.
 *
 * <p>Met when the whole interval is at or above the bound, missed when it is wholly below, inconclusive when it
 * straddles the bound. With fewer than {@link #MIN_FORKS} forks on either side there is no verdict at all, only an
 * indicative ratio: {@code compare.sh --quick} and {@code --smoke} run one fork, and a bootstrap over one or two
 * values is no interval (issue 10: "≥ 3 JMH forks for anything quoted").
 */
public enum Verdict {
    MET("met"),
    MISSED("missed"),
    INCONCLUSIVE("inconclusive (the interval straddles the target)"),
    INDICATIVE("indicative (fewer than " + Verdict.MIN_FORKS + " forks a side: no verdict)"),
    NO_TARGET("no target"),
    NOT_RUN("not run");

    /** Forks each side needs before a ratio is judged against its target. */
    public static final int MIN_FORKS = 3;

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /** The verdict of {@code interval} against "ratio ≥ {@code bound}" ({@code NaN}: no target). */
    public static Verdict of(ForkStats.Interval interval, double bound) {
        if (Double.isNaN(interval.ratio())) {
            return NOT_RUN;
        }
        if (Double.isNaN(bound)) {
            return NO_TARGET;
        }
        if (interval.forksA() < MIN_FORKS || interval.forksB() < MIN_FORKS) {
            return INDICATIVE;
        }
        if (interval.atLeast(bound)) {
            return MET;
        }
        if (interval.below(bound)) {
            return MISSED;
        }
        return INCONCLUSIVE;
    }

    @Override
    public String toString() {
        return text;
    }
}
