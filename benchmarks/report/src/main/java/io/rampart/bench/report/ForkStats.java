package io.rampart.bench.report;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The statistics of a paired comparison, over forks: each side is a list of per-fork values (one JMH fork, or one
 * run, gives one value), the ratio is the ratio of the two sides' medians, and its 95% interval is a percentile
 * bootstrap that resamples each side's forks with replacement. One implementation for the report
 * ({@link Targets}) and for {@code scripts/ab.sh} ({@link AbStats}), so an A/B and a report agree on what an
 * interval is.
 *
 * <p>Forks, not iterations, are the unit: iterations of one fork share its JIT decisions, its heap layout and
 * its thread placement, which is where this machine's run-to-run spread comes from, so they are not independent
 * samples. With few forks the bootstrap interval is coarse (with 3 a side it can only take a handful of
 * values); it never claims more than the forks show, and {@link Verdict} refuses to judge below
 * {@link Verdict#MIN_FORKS}.
 */
public final class ForkStats {
    /** Bootstrap resamples per interval. */
    public static final int RESAMPLES = 10_000;
    /** Fixed, so a report is reproducible from its files. */
    public static final long SEED = 1;

    /** A ratio of medians and its 95% bootstrap interval; low and high are NaN when either side has no value. */
    public record Interval(double ratio, double low, double high, int forksA, int forksB) {
        /** Whether the interval lies wholly at or above {@code bound}. */
        boolean atLeast(double bound) {
            return low >= bound;
        }

        /** Whether the interval lies wholly below {@code bound}. */
        boolean below(double bound) {
            return high < bound;
        }
    }

    private ForkStats() {
    }

    /** The median; the mean of the middle two for an even count. NaN for no values. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * median(a) / median(b) with a 95% percentile-bootstrap interval: {@link #RESAMPLES} times, draw
     * {@code a.length} values from {@code a} and {@code b.length} from {@code b}, with replacement, and take the
     * ratio of the two medians; the interval is the 2.5th and 97.5th percentile of those ratios.
     */
    public static Interval ratioOfMedians(double[] a, double[] b) {
        return ratioOfMedians(a, b, RESAMPLES, SEED);
    }

    /** As {@link #ratioOfMedians(double[], double[])} with the resample count and seed given. */
    public static Interval ratioOfMedians(double[] a, double[] b, int resamples, long seed) {
        if (a.length == 0 || b.length == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, a.length, b.length);
        }
        double ratio = median(a) / median(b);
        SplittableRandom random = new SplittableRandom(seed);
        double[] boots = new double[resamples];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int i = 0; i < resamples; i++) {
            for (int j = 0; j < ra.length; j++) {
                ra[j] = a[random.nextInt(a.length)];
            }
            for (int j = 0; j < rb.length; j++) {
                rb[j] = b[random.nextInt(b.length)];
            }
            boots[i] = median(ra) / median(rb);
        }
        Arrays.sort(boots);
        double low = boots[(int) (0.025 * resamples)];
        double high = boots[(int) (0.975 * resamples) - 1];
        return new Interval(ratio, low, high, a.length, b.length);
    }

    /**
     * The value at {@code percentile} (0..100) of a histogram of value to count: the smallest value whose cumulative
     * count reaches {@code percentile}% of the total (nearest rank; 0 gives the smallest value). NaN when empty.
     */
    public static double percentile(Map<Double, Long> histogram, double percentile) {
        double[] values = histogram.keySet().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long total = 0;
        for (long c : histogram.values()) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (double v : values) {
            seen += histogram.get(v);
            if (seen >= rank) {
                return v;
            }
        }
        return values[values.length - 1];
    }
}
