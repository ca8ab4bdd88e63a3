package io.rampart.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a fixed-rate run records: the utilisation arithmetic, and on an in-thread subject whose "consumer" takes a
 * known time, one response, lag, service and busy sample per request, ordered as their definitions require.
 */
class FixedRateRunTest {
    /** Replies in the caller's thread after spinning {@code workNanos} past its dequeue stamp. */
    private static final class SpinningEcho implements LatencySubject {
        private final long workNanos;
        private boolean stamp;
        private long dequeued = NO_STAMP;

        SpinningEcho(long workNanos) {
            this.workNanos = workNanos;
        }

        @Override
        public String name() {
            return "spinning-echo";
        }

        @Override
        public void start() {
        }

        @Override
        public long roundTrip(long payload) {
            long now = System.nanoTime();
            if (stamp) {
                dequeued = now;
            }
            while (System.nanoTime() - now < workNanos) {
                Thread.onSpinWait();
            }
            return payload;
        }

        @Override
        public void stampDequeues() {
            stamp = true;
        }

        @Override
        public long lastDequeueNanos() {
            return dequeued;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void utilisationIsRateTimesMeanBusyTime() {
        assertThat(FixedRateRun.Result.utilisation(2000, 50_000)).isCloseTo(0.10, within(1e-12));
        assertThat(FixedRateRun.Result.utilisation(10_000, 60_000)).isCloseTo(0.60, within(1e-12));
    }

    @Test
    void eachRequestGivesOneSampleOfEachTimeAndBusyIsAtLeastTheWork() throws Exception {
        SpinningEcho subject = new SpinningEcho(200_000);
        subject.stampDequeues();
        FixedRateRun.Result r = new FixedRateRun(subject, 1000).run(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(r.planned()).isEqualTo(100);
        assertThat(r.complete()).isTrue();
        assertThat(r.response().getTotalCount()).isEqualTo(100);
        assertThat(r.service().getTotalCount()).isEqualTo(100);
        assertThat(r.lag().getTotalCount()).isEqualTo(100);
        assertThat(r.ownLag().getTotalCount()).isEqualTo(100);
        // the generator's own lateness is a part of the schedule lag
        assertThat(r.ownLag().getMaxValue()).isLessThanOrEqualTo(r.lag().getMaxValue() + r.lag().getMaxValue() / 500);
        // 200 us of work in every request at 1000/s: at least 20% busy, and service at least the work
        assertThat(r.meanBusyNanos()).isGreaterThanOrEqualTo(200_000);
        assertThat(r.utilisation()).isGreaterThanOrEqualTo(0.2).isLessThan(1.0);
        assertThat(r.service().getMinValue()).isGreaterThanOrEqualTo(199_000); // histogram rounds to 0.1%
        // response = lag + busy for each request, so its maximum bounds both
        assertThat(r.response().getMaxValue()).isGreaterThanOrEqualTo(r.service().getMaxValue() * 999 / 1000);
        assertThat(r.response().getMaxValue()).isGreaterThanOrEqualTo(r.lag().getMaxValue() * 999 / 1000);
    }

    @Test
    void aSubjectWithoutStampsHasNoServiceSamples() throws Exception {
        FixedRateRun.Result r = new FixedRateRun(new SpinningEcho(0), 1000).run(Duration.ofMillis(20),
                Duration.ofSeconds(5));
        assertThat(r.replies()).isEqualTo(20);
        assertThat(r.service().getTotalCount()).isZero();
    }
}
