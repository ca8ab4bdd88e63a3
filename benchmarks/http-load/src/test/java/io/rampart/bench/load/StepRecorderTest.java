package io.rampart.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepRecorderTest {
    private static final long MS = 1_000_000L;

    /** Runs {@code n} users of step {@code index}, one every {@code 1/rate} s, each answered after {@code latMs}. */
    private static void run(StepRecorder r, int index, int rate, int n, long startNanos, long latMs, int status) {
        for (int i = 0; i < n; i++) {
            long t0 = startNanos + i * 1_000_000_000L / rate;
            if (r.begin(index, t0)) {
                r.end(index, t0, status, t0 + latMs * MS);
            }
        }
    }

    @Test
    void countsRatesAndPercentilesPerStep() {
        List<Integer> started = new ArrayList<>();
        StepRecorder r = new StepRecorder(StepSpec.parseList("fixed:100:1,fixed:100:1"), Criteria.DEFAULT, 2,
                started::add);

        run(r, 0, 100, 100, 0, 2, 200);
        run(r, 1, 100, 99, 10_000 * MS, 5, 200);
        r.begin(1, 10_990 * MS);
        r.end(1, 10_990 * MS, 503, 10_991 * MS);

        List<StepResult> res = r.results();
        assertThat(started).containsExactly(0, 1);
        assertThat(res.get(0).ok()).isEqualTo(100);
        assertThat(res.get(0).p50Micros()).isBetween(1999L, 2001L);
        // 100 users over 0.99 s of starts: 100/s; 100 answers from 0 to 0.992 s.
        assertThat(res.get(0).injectedPerSec()).isCloseTo(100, org.assertj.core.data.Offset.offset(0.5));
        assertThat(res.get(0).achievedPerSec()).isCloseTo(100.8, org.assertj.core.data.Offset.offset(0.5));
        assertThat(res.get(1).ok()).isEqualTo(99);
        assertThat(res.get(1).httpErrors()).isEqualTo(1);
        assertThat(res.get(1).statuses()).isEqualTo("503:1");
    }

    @Test
    void aNoResponseCountsAsFailedNotAsAStatus() {
        StepRecorder r = new StepRecorder(StepSpec.parseList("fixed:10:1"), Criteria.DEFAULT, 1, i -> { });
        r.begin(0, 0);
        r.end(0, 0, -1, 3_000 * MS);

        StepResult s = r.results().get(0);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.httpErrors()).isZero();
        assertThat(s.maxMicros()).isBetween(2_990_000L, 3_010_000L);
    }

    @Test
    void theSweepStopsAfterTwoUnsustainedStepsInARowButFaultsStillRun() {
        StepRecorder r = new StepRecorder(StepSpec.parseList("sweep:100:1,sweep:200:1,sweep:400:1,sweep:800:1,faults:100:1"),
                Criteria.DEFAULT, 2, i -> { });

        run(r, 0, 100, 100, 0, 1, 200);                  // sustained
        run(r, 1, 200, 200, 2_000 * MS, 50, 200);        // p99 50 ms: not sustained
        run(r, 2, 400, 400, 4_000 * MS, 50, 200);        // not sustained: second in a row
        run(r, 3, 800, 800, 6_000 * MS, 1, 200);         // skipped
        run(r, 4, 100, 100, 8_000 * MS, 1, 200);         // faults steps are never skipped

        List<StepResult> res = r.results();
        assertThat(res.get(2).sent()).isEqualTo(400);
        assertThat(res.get(3).started()).isEqualTo(800);
        assertThat(res.get(3).sent()).isZero();
        assertThat(res.get(4).sent()).isEqualTo(100);
        assertThat(Knee.find(List.of(res.get(0), res.get(1), res.get(2), res.get(3)), Criteria.DEFAULT).ratePerSec())
                .isEqualTo(100);
    }

    @Test
    void oneUnsustainedStepBetweenSustainedOnesDoesNotStopTheSweep() {
        StepRecorder r = new StepRecorder(StepSpec.parseList("sweep:100:1,sweep:200:1,sweep:400:1,sweep:800:1"),
                Criteria.DEFAULT, 2, i -> { });

        run(r, 0, 100, 100, 0, 50, 200);                 // not sustained
        run(r, 1, 200, 200, 2_000 * MS, 1, 200);         // sustained: the count starts again
        run(r, 2, 400, 400, 4_000 * MS, 50, 200);        // not sustained (one in a row)
        run(r, 3, 800, 800, 6_000 * MS, 1, 200);

        assertThat(r.results().get(3).sent()).isEqualTo(800);
    }
}
