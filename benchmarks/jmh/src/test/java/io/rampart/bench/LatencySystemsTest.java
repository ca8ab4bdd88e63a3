package io.rampart.bench;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The on-request {@code rampart-backoffThenPark-latency} values (the default configuration with
 * {@code recordLatency(true)}) make working subjects: a correctness check, not a measurement.
 */
class LatencySystemsTest {
    private static final String VALUE = "rampart-backoffThenPark-latency";

    @Test
    void theTellSubjectCountsEveryMessage() throws Exception {
        TellSubject subject = TellBenchmark.SYSTEMS.create(VALUE);
        try {
            subject.sender().send(1000);
            Batch.awaitConsumed(subject::consumed, 1000, VALUE);
            assertThat(subject.consumed()).isEqualTo(1000);
            subject.checkNoFailure();
        } finally {
            subject.close();
        }
        assertThat(TellBenchmark.SYSTEMS.describe(VALUE)).isPresent();
    }

    @Test
    void theAskSubjectEchoes() throws Exception {
        LatencySubject subject = AskBenchmark.SYSTEMS.create(VALUE);
        subject.start();
        try {
            for (long i = 0; i < 100; i++) {
                assertThat(subject.roundTrip(i)).isEqualTo(i);
            }
        } finally {
            subject.close();
        }
        assertThat(AskBenchmark.SYSTEMS.describe(VALUE)).isPresent();
    }
}
