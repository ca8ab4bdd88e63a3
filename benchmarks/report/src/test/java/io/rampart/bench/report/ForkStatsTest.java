package io.rampart.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The paired-ratio statistics: the ratio of medians, its bootstrap interval (checked against the exact bootstrap
 * distribution, enumerated), the verdict rule, and percentiles of per-fork samples.
 */
class ForkStatsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(ForkStats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(ForkStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(ForkStats.median(new double[0])).isNaN();
    }

    @Test
    void theRatioIsOfMediansAndTheIntervalHoldsItWithinWhatResamplingCanGive() {
        double[] a = {100, 130, 90, 110, 95};
        double[] b = {50, 60, 70};
        ForkStats.Interval i = ForkStats.ratioOfMedians(a, b);
        assertThat(i.ratio()).isEqualTo(ForkStats.median(a) / ForkStats.median(b));
        assertThat(i.low()).isLessThanOrEqualTo(i.ratio());
        assertThat(i.high()).isGreaterThanOrEqualTo(i.ratio());
        assertThat(i.low()).isGreaterThanOrEqualTo(90.0 / 70);
        assertThat(i.high()).isLessThanOrEqualTo(130.0 / 50);
        assertThat(i.forksA()).isEqualTo(5);
        assertThat(i.forksB()).isEqualTo(3);
    }

    @Test
    void forksThatAgreeGiveANullWidthInterval() {
        ForkStats.Interval i = ForkStats.ratioOfMedians(new double[] {6, 6, 6}, new double[] {3, 3, 3});
        assertThat(i.ratio()).isEqualTo(2.0);
        assertThat(i.low()).isEqualTo(2.0);
        assertThat(i.high()).isEqualTo(2.0);
    }

    @Test
    void theSameInputsAndSeedGiveTheSameInterval() {
        double[] a = {1, 2, 3, 4};
        double[] b = {2, 3, 5};
        assertThat(ForkStats.ratioOfMedians(a, b)).isEqualTo(ForkStats.ratioOfMedians(a, b));
    }

    /**
     * With 4 forks a side every resample is one of 256 × 256 equally likely pairs of draws, so the bootstrap
     * distribution can be enumerated exactly; the sampled 2.5% and 97.5% points must sit next to the exact ones.
     */
    @Test
    void theIntervalMatchesTheExactBootstrapDistribution() {
        double[] a = {10, 14, 19, 31};
        double[] b = {4, 5, 8, 13};
        List<Double> exact = new ArrayList<>();
        for (double[] ra : draws(a)) {
            for (double[] rb : draws(b)) {
                exact.add(ForkStats.median(ra) / ForkStats.median(rb));
            }
        }
        exact.sort(null);
        double exactLow = exact.get((int) (0.025 * exact.size()));
        double exactHigh = exact.get((int) (0.975 * exact.size()) - 1);
        ForkStats.Interval i = ForkStats.ratioOfMedians(a, b, 200_000, 7);
        // The sampled quantiles may land on a neighbouring value of the (discrete) exact distribution.
        assertThat(i.low()).isBetween(neighbour(exact, exactLow, -1), neighbour(exact, exactLow, +1));
        assertThat(i.high()).isBetween(neighbour(exact, exactHigh, -1), neighbour(exact, exactHigh, +1));
    }

    @Test
    void theVerdictNeedsTheWholeIntervalOnOneSideAndThreeForksASide() {
        double[] twice = {10.0, 10.1, 9.9};
        double[] base = {5.0, 5.05, 4.95};
        ForkStats.Interval clear = ForkStats.ratioOfMedians(twice, base);
        assertThat(Verdict.of(clear, 1.5)).isEqualTo(Verdict.MET);
        assertThat(Verdict.of(clear, 3.0)).isEqualTo(Verdict.MISSED);
        assertThat(Verdict.of(clear, Double.NaN)).isEqualTo(Verdict.NO_TARGET);

        ForkStats.Interval wide = ForkStats.ratioOfMedians(new double[] {8, 10, 12}, new double[] {5, 5, 5});
        assertThat(wide.low()).isLessThan(2.0);
        assertThat(wide.high()).isGreaterThan(2.0);
        assertThat(Verdict.of(wide, 2.0)).isEqualTo(Verdict.INCONCLUSIVE);

        ForkStats.Interval oneFork = ForkStats.ratioOfMedians(new double[] {100}, new double[] {1, 1, 1});
        assertThat(oneFork.ratio()).isEqualTo(100.0);
        assertThat(Verdict.of(oneFork, 1.0)).isEqualTo(Verdict.INDICATIVE);
        ForkStats.Interval twoForks = ForkStats.ratioOfMedians(new double[] {100, 100}, new double[] {1, 1, 1});
        assertThat(Verdict.of(twoForks, 1.0)).isEqualTo(Verdict.INDICATIVE);

        assertThat(Verdict.of(ForkStats.ratioOfMedians(new double[0], base), 1.0)).isEqualTo(Verdict.NOT_RUN);
    }

    @Test
    void percentileIsTheNearestRankOfTheSamples() {
        Map<Double, Long> h = new TreeMap<>(Map.of(1.0, 1L, 2.0, 1L, 3.0, 98L));
        assertThat(ForkStats.percentile(h, 0)).isEqualTo(1.0);
        assertThat(ForkStats.percentile(h, 1)).isEqualTo(1.0);
        assertThat(ForkStats.percentile(h, 2)).isEqualTo(2.0);
        assertThat(ForkStats.percentile(h, 50)).isEqualTo(3.0);
        assertThat(ForkStats.percentile(h, 100)).isEqualTo(3.0);
        assertThat(ForkStats.percentile(new TreeMap<>(), 50)).isNaN();
        // against a sort of every sample
        double[] samples = {5, 1, 4, 4, 2, 9, 7, 7, 7, 3};
        Map<Double, Long> counts = new TreeMap<>();
        for (double s : samples) {
            counts.merge(s, 1L, Long::sum);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (int p = 1; p <= 100; p++) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            assertThat(ForkStats.percentile(counts, p)).as("p%d", p).isCloseTo(sorted[rank - 1], within(0.0));
        }
    }

    /** Every ordered draw of {@code values.length} values from {@code values}, with replacement. */
    private static List<double[]> draws(double[] values) {
        List<double[]> all = new ArrayList<>();
        int n = values.length;
        int count = (int) Math.pow(n, n);
        for (int code = 0; code < count; code++) {
            double[] d = new double[n];
            int c = code;
            for (int j = 0; j < n; j++) {
                d[j] = values[c % n];
                c /= n;
            }
            all.add(d);
        }
        return all;
    }

    /** The distinct value of {@code sorted} next to {@code v} in direction {@code step}, or {@code v} at an end. */
    private static double neighbour(List<Double> sorted, double v, int step) {
        double[] distinct = sorted.stream().mapToDouble(Double::doubleValue).distinct().toArray();
        int at = Arrays.binarySearch(distinct, v);
        int to = Math.max(0, Math.min(distinct.length - 1, at + step));
        return distinct[to];
    }
}
