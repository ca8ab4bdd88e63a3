package io.rampart.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KneeTest {
    private static final Criteria C = new Criteria(0.99, 0.001, 10_000);

    /** A sustained step at {@code rate}: every request answered, achieved = target, p99 {@code p99Us}. */
    static StepResult step(int rate, double achieved, long errors, long p99Us) {
        long sent = rate * 4L;
        return new StepResult("sweep-" + rate + "-1", "sweep", rate, 4, sent, sent, sent - errors, errors, 0,
                errors == 0 ? "-" : "503:" + errors, rate, achieved, p99Us / 4, p99Us / 2, p99Us, p99Us * 2, p99Us * 3);
    }

    @Test
    void theKneeIsTheLastSustainedRateBeforeTheFirstFailure() {
        List<StepResult> sweep = List.of(step(1000, 1000, 0, 800), step(2000, 1995, 0, 1200),
                step(4000, 3990, 0, 9_000), step(8000, 6100, 0, 400_000));

        Knee k = Knee.find(sweep, C);

        assertThat(k.ratePerSec()).isEqualTo(4000);
        assertThat(k.saturated()).isTrue();
        assertThat(k.firstFailure().targetPerSec()).isEqualTo(8000);
        assertThat(k.why()).startsWith("achieved 6100/s < 99% of 8000/s");
    }

    @Test
    void aSustainedStepAboveAFailedOneDoesNotRaiseTheKnee() {
        // Out of order on purpose: the knee sorts by rate. 4000 fails on p99; 6000 passes by luck.
        List<StepResult> sweep = List.of(step(6000, 6000, 0, 900), step(2000, 2000, 0, 900),
                step(4000, 4000, 0, 10_001));

        Knee k = Knee.find(sweep, C);

        assertThat(k.ratePerSec()).isEqualTo(2000);
        assertThat(k.why()).isEqualTo("p99 10001 us > 10000 us");
    }

    @Test
    void errorsAboveTheAllowedFractionFailAStep() {
        // 4000 requests sent: 4 errors is 0.1% (allowed), 5 is not.
        assertThat(C.failure(step(1000, 1000, 4, 500))).isNull();
        assertThat(C.failure(step(1000, 1000, 5, 500))).isEqualTo("5 errors in 4000 requests");
    }

    @Test
    void achievedRateMustReachTheFractionOfTheTarget() {
        assertThat(C.failure(step(1000, 990, 0, 500))).isNull();
        assertThat(C.failure(step(1000, 989.9, 0, 500))).startsWith("achieved 990/s < 99% of 1000/s");
    }

    @Test
    void everyStepSustainedMeansTheKneeIsNotReached() {
        Knee k = Knee.find(List.of(step(1000, 1000, 0, 500), step(2000, 2000, 0, 600)), C);

        assertThat(k.saturated()).isFalse();
        assertThat(k.ratePerSec()).isEqualTo(2000);
    }

    @Test
    void aFailedLowestRateMeansNoKnee() {
        Knee k = Knee.find(List.of(step(1000, 500, 0, 500), step(2000, 2000, 0, 600)), C);

        assertThat(k.knee()).isNull();
        assertThat(k.ratePerSec()).isZero();
        assertThat(k.firstFailure().targetPerSec()).isEqualTo(1000);
    }

    @Test
    void aStepThatSentNothingIsNotSustained() {
        StepResult skipped = new StepResult("sweep-9000-5", "sweep", 9000, 3, 27000, 0, 0, 0, 0, "-", 9000, 0, 0, 0,
                0, 0, 0);
        assertThat(C.failure(skipped)).isEqualTo("not run (the sweep had stopped)");
    }
}
