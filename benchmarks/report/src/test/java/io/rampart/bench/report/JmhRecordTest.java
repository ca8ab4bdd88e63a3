package io.rampart.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-fork values read from JMH's JSON, and the forks of several files (rounds) joined. */
class JmhRecordTest {
    private static final BenchmarkCatalog NONE = (benchmark, params) -> Optional.empty();

    @Test
    void aThroughputForkIsTheMeanOfItsIterations() {
        JmhRecord r = read("[" + thrpt("x.Bench.run", "a", "[[1.0, 3.0], [10.0, 20.0, 30.0]]", 12.8) + "]").get(0);
        assertThat(r.forks()).isEqualTo(2);
        assertThat(r.forkValues(Double.NaN)).containsExactly(2.0, 20.0);
        assertThat(r.score()).isEqualTo(12.8);
    }

    @Test
    void aResultWithoutRawDataIsOneFork() {
        JmhRecord r = read("[{\"benchmark\": \"x.Bench.run\", \"mode\": \"thrpt\", \"params\": {\"system\": \"a\"}, "
                + "\"primaryMetric\": {\"score\": 5.0, \"scoreError\": 1.0, \"scoreUnit\": \"ops/s\"}}]").get(0);
        assertThat(r.forkValues(Double.NaN)).containsExactly(5.0);
    }

    @Test
    void aSampleForkPoolsItsIterationsSamples() {
        // fork 1: iterations {1 x1, 2 x1} and {3 x2}: p50 of 1,2,3,3 is 2; fork 2: {10 x4}
        JmhRecord r = read("[" + sample("x.Bench.ask", "a",
                "[[[[1.0, 1], [2.0, 1]], [[3.0, 2]]], [[[10.0, 4]]]]") + "]").get(0);
        assertThat(r.forks()).isEqualTo(2);
        assertThat(r.forkValues(50)).containsExactly(2.0, 10.0);
        assertThat(r.forkValues(100)).containsExactly(3.0, 10.0);
    }

    @Test
    void roundsOfOneForkAreJoinedPerConfigurationInFirstSeenOrder() {
        List<JmhRecord> all = new ArrayList<>();
        all.addAll(read("[" + thrpt("x.Bench.run", "a", "[[1.0]]", 1.0) + "," + thrpt("x.Bench.run", "b", "[[5.0]]", 5.0)
                + "]"));
        all.addAll(read("[" + thrpt("x.Bench.run", "a", "[[3.0]]", 3.0) + "," + thrpt("x.Bench.run", "b", "[[7.0]]", 7.0)
                + "]"));
        all.addAll(read("[" + sample("x.Bench.ask", "a", "[[[[1.0, 3]]]]") + "]"));
        all.addAll(read("[" + sample("x.Bench.ask", "a", "[[[[9.0, 1]]]]") + "]"));
        List<JmhRecord> merged = JmhRecord.mergeForks(all);
        assertThat(merged).hasSize(3);
        assertThat(merged.get(0).params()).containsEntry("system", "a");
        assertThat(merged.get(0).forkValues(Double.NaN)).containsExactly(1.0, 3.0);
        assertThat(merged.get(0).score()).isEqualTo(2.0);
        assertThat(merged.get(0).error()).isNaN();
        assertThat(merged.get(1).forkValues(Double.NaN)).containsExactly(5.0, 7.0);
        JmhRecord ask = merged.get(2);
        assertThat(ask.forkValues(50)).containsExactly(1.0, 9.0);
        // joined samples 1,1,1,9: p50 and p75 are 1, p90 and above 9
        assertThat(ask.percentile(50)).isEqualTo(1.0);
        assertThat(ask.percentile(90)).isEqualTo(9.0);
    }

    @Test
    void aPairOfLatenciesIsOrientedSoThatAboveOneMeansTheFirstSideIsFaster() {
        Targets.Pair pair = new Targets.Pair("w", new Targets.Side("b", "fast"), new Targets.Side("b", "slow"), "",
                Targets.Metric.P99, "t", 3.0, Double.NaN);
        Targets.PairRow row = Targets.evaluate(pair, new double[] {10, 11, 9}, new double[] {40, 44, 36});
        assertThat(row.interval().ratio()).isEqualTo(4.0);
        assertThat(row.interval().forksA()).isEqualTo(3);
        assertThat(row.verdict()).isEqualTo(Verdict.MET);
        Targets.Pair tput = new Targets.Pair("w", new Targets.Side("b", "x"), new Targets.Side("b", "y"), "",
                Targets.Metric.THROUGHPUT, "t", 0.5, 0.8);
        Targets.PairRow slower = Targets.evaluate(tput, new double[] {6, 6, 6}, new double[] {10, 10, 10});
        assertThat(slower.interval().ratio()).isEqualTo(0.6);
        assertThat(slower.verdict()).isEqualTo(Verdict.MET);
        assertThat(Targets.result(slower)).contains("goal 0.80× missed");
    }

    private static List<JmhRecord> read(String json) {
        return JmhRecord.fromJson(Json.parse(json), NONE);
    }

    private static String thrpt(String benchmark, String system, String rawData, double score) {
        return "{\"benchmark\": \"" + benchmark + "\", \"mode\": \"thrpt\", \"params\": {\"system\": \"" + system
                + "\"}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 1.0, \"scoreUnit\": \"ops/s\", "
                + "\"rawData\": " + rawData + "}}";
    }

    private static String sample(String benchmark, String system, String histogram) {
        return "{\"benchmark\": \"" + benchmark + "\", \"mode\": \"sample\", \"params\": {\"system\": \"" + system
                + "\"}, \"primaryMetric\": {\"score\": 1.0, \"scoreError\": 1.0, \"scoreUnit\": \"us/op\", "
                + "\"scorePercentiles\": {\"50.0\": 1.0, \"99.0\": 2.0}, \"rawDataHistogram\": " + histogram + "}}";
    }
}
