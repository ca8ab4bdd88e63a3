package io.rampart.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency harness's CSV as the report reads it: parsing, the per-subject median and range over repetitions,
 * the sweep's departure rate, the busy flag, and the pairs' per-repetition samples.
 */
class LatencySummaryTest {

    /** A complete row; response p50 = p99 / 2, service and lags derived from p99 so each column is distinct. */
    private static String row(String system, String kind, int rep, long rate, double p99, double utilisation) {
        return String.join(",", system, kind, String.valueOf(rep), String.valueOf(rate), "8.000", "100", "100", "100",
                String.valueOf(p99 / 2), String.valueOf(p99 * 0.8), String.valueOf(p99), String.valueOf(p99 * 2),
                String.valueOf(p99 * 3), String.valueOf(p99 / 10), String.valueOf(p99 / 5), String.valueOf(p99 / 8),
                "20.0", "1.0", String.valueOf(p99 / 4), "50.0", String.valueOf(p99 / 20),
                String.valueOf(utilisation));
    }

    private static List<LatencyRow> rows(String... lines) {
        return java.util.Arrays.stream(lines).map(LatencyRow::parse).toList();
    }

    @Test
    void everyColumnLandsInItsField() {
        LatencyRow r = LatencyRow.parse(row("rampart", "rep", 3, 2000, 40.0, 0.05));
        assertThat(r.system()).isEqualTo("rampart");
        assertThat(r.isRep()).isTrue();
        assertThat(r.rep()).isEqualTo(3);
        assertThat(r.rate()).isEqualTo(2000);
        assertThat(r.durationSeconds()).isEqualTo(8.0);
        assertThat(r.p50()).isEqualTo(20.0);
        assertThat(r.p90()).isEqualTo(32.0);
        assertThat(r.p99()).isEqualTo(40.0);
        assertThat(r.p999()).isEqualTo(80.0);
        assertThat(r.max()).isEqualTo(120.0);
        assertThat(r.serviceP50()).isEqualTo(4.0);
        assertThat(r.serviceP99()).isEqualTo(8.0);
        assertThat(r.serviceMean()).isEqualTo(5.0);
        assertThat(r.busyMean()).isEqualTo(20.0);
        assertThat(r.lagP50()).isEqualTo(1.0);
        assertThat(r.lagP99()).isEqualTo(10.0);
        assertThat(r.lagMax()).isEqualTo(50.0);
        assertThat(r.ownLagP99()).isEqualTo(2.0);
        assertThat(r.utilisation()).isEqualTo(0.05);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void anUnstampedServiceTimeReadsAsNaN() {
        String line = row("x", "rep", 1, 2000, 40.0, 0.05).replace(",4.0,8.0,5.0,", ",NaN,NaN,NaN,");
        assertThat(LatencyRow.parse(line).serviceP99()).isNaN();
    }

    @Test
    void badLinesFailWithTheReason() {
        assertThatThrownBy(() -> LatencyRow.parse("rampart,rep,1,2000")).hasMessageContaining("columns");
        assertThatThrownBy(() -> LatencyRow.parse(row("rampart", "warm", 1, 2000, 40.0, 0.05)))
                .hasMessageContaining("kind");
    }

    @Test
    void aChangedHeaderFailsAndLinesAreNumberedInErrors(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve(ResultFiles.LATENCY_CSV);
        Files.writeString(csv, "system,rate_per_s\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LatencyRow.read(csv, ResultFiles.LATENCY_CSV_HEADER))
                .hasMessageContaining("unexpected header");
        Files.writeString(csv, ResultFiles.LATENCY_CSV_HEADER + "\n" + row("a", "rep", 1, 2000, 40, 0.1) + "\n"
                + "a,rep,x\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LatencyRow.read(csv, ResultFiles.LATENCY_CSV_HEADER)).hasMessageContaining("line 3");
    }

    @Test
    void eachFigureIsTheMedianOverRepetitionsWithItsRange() {
        List<LatencySummary.Subject> subjects = LatencySummary.subjects(rows(
                row("rampart", "rep", 1, 2000, 50, 0.04),
                row("pekko-ask", "rep", 1, 2000, 100, 0.10),
                row("rampart", "rep", 2, 2000, 10, 0.02),
                row("rampart", "rep", 3, 2000, 30, 0.03),
                row("rampart", "rep", 4, 2000, 20, 0.05),
                row("rampart", "rep", 5, 2000, 40, 0.01),
                row("rampart", "sweep", 1, 40000, 9999, 0.9)));
        assertThat(subjects).extracting(LatencySummary.Subject::system).containsExactly("rampart", "pekko-ask");
        LatencySummary.Subject r = subjects.get(0);
        assertThat(r.reps()).isEqualTo(5); // the sweep row is not a repetition
        assertThat(r.p99()).isEqualTo(new LatencySummary.Spread(30, 10, 50, 5));
        assertThat(r.p50()).isEqualTo(new LatencySummary.Spread(15, 5, 25, 5));
        assertThat(r.p999()).isEqualTo(new LatencySummary.Spread(60, 20, 100, 5));
        assertThat(r.serviceP99()).isEqualTo(new LatencySummary.Spread(6, 2, 10, 5));
        assertThat(r.lagP99()).isEqualTo(new LatencySummary.Spread(7.5, 2.5, 12.5, 5));
        assertThat(r.ownLagP99()).isEqualTo(new LatencySummary.Spread(1.5, 0.5, 2.5, 5));
        assertThat(r.utilisation()).isEqualTo(new LatencySummary.Spread(0.03, 0.01, 0.05, 5));
        assertThat(r.overBusyLimit()).isFalse();
        assertThat(subjects.get(1).reps()).isEqualTo(1);
        assertThat(LatencySummary.repP99s(rows(row("rampart", "rep", 1, 2000, 50, 0.04),
                row("rampart", "sweep", 1, 5000, 70, 0.1)), "rampart")).containsExactly(50);
    }

    @Test
    void anEvenNumberOfRepetitionsTakesTheMeanOfTheMiddleTwo() {
        LatencySummary.Spread s = LatencySummary.Spread.of(new double[] {4, 1, Double.NaN, 3, 2});
        assertThat(s).isEqualTo(new LatencySummary.Spread(2.5, 1, 4, 4));
        assertThat(LatencySummary.Spread.of(new double[] {Double.NaN}).n()).isZero();
    }

    @Test
    void aSubjectMoreThanThirtyPercentBusyIsFlagged() {
        LatencySummary.Subject busy = LatencySummary.subjects(rows(row("abq", "rep", 1, 10000, 50, 0.31),
                row("abq", "rep", 2, 10000, 50, 0.6), row("abq", "rep", 3, 10000, 50, 0.2))).get(0);
        assertThat(busy.utilisation().median()).isEqualTo(0.31);
        assertThat(busy.overBusyLimit()).isTrue();
    }

    @Test
    void theSweepDepartsAtTheFirstRateAboveTwiceTheHeadlineMedianP99() {
        List<LatencyRow> rows = rows(
                row("rampart", "rep", 1, 2000, 20, 0.02),
                row("rampart", "rep", 2, 2000, 30, 0.02),
                row("rampart", "rep", 3, 2000, 40, 0.02),
                row("rampart", "sweep", 1, 20000, 200, 0.5),
                row("rampart", "sweep", 1, 5000, 60, 0.05), // exactly 2x the median 30: not yet departed
                row("rampart", "sweep", 1, 10000, 61, 0.1),
                row("flat", "rep", 1, 2000, 20, 0.02),
                row("flat", "sweep", 1, 5000, 21, 0.05));
        assertThat(LatencySummary.sweepRates(rows)).containsExactly(5000L, 10000L, 20000L);
        List<LatencySummary.Sweep> sweeps = LatencySummary.sweeps(rows);
        assertThat(sweeps).extracting(LatencySummary.Sweep::system).containsExactly("rampart", "flat");
        assertThat(sweeps.get(0).byRate().keySet()).containsExactly(5000L, 10000L, 20000L);
        assertThat(sweeps.get(0).departsAt()).isEqualTo(10000);
        assertThat(sweeps.get(1).departsAt()).isEqualTo(-1);
    }

    @Test
    void anIncompleteSweepRateDepartsWhateverItsP99() {
        String incomplete = row("x", "sweep", 1, 40000, 1, 0.9).replace(",100,100,100,", ",100,60,60,");
        List<LatencySummary.Sweep> sweeps = LatencySummary.sweeps(rows(row("x", "rep", 1, 2000, 20, 0.02),
                incomplete));
        assertThat(sweeps.get(0).departsAt()).isEqualTo(40000);
    }

    @Test
    void thePairsTakeEveryRepetitionAsASample() {
        List<LatencyRow> rows = rows(row("rampart", "rep", 1, 2000, 10, 0.02), row("rampart", "rep", 2, 2000, 12, 0.02),
                row("rampart", "rep", 3, 2000, 11, 0.02), row("pekko-ask", "rep", 1, 2000, 40, 0.02),
                row("pekko-ask", "rep", 2, 2000, 44, 0.02), row("pekko-ask", "rep", 3, 2000, 42, 0.02));
        Targets.PairRow pair = Targets.pairs(List.of(), rows).stream()
                .filter(p -> p.pair().first().value().equals("rampart")
                        && p.pair().second().value().equals("pekko-ask"))
                .findFirst().orElseThrow();
        assertThat(pair.interval().ratio()).isEqualTo(42.0 / 11);
        assertThat(pair.interval().forksA()).isEqualTo(3);
        assertThat(pair.firstMeasured()).contains("3 runs").doesNotContain("fork");
        // every resampled ratio is at least 40/12 > 3, the target: three repetitions a side earn a verdict
        assertThat(pair.verdict()).isEqualTo(Verdict.MET);
    }
}
