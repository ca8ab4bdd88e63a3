package io.rampart.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotRingTest {

    @Test
    void rejectsACapacityThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new SlotRing<>(1000, Delivery::new))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two")
                .hasMessageContaining("1000");
    }

    @Test
    void claimsUpToCapacityThenReportsFullUntilTheConsumerReleases() {
        SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);
        for (long i = 0; i < 4; i++) {
            assertThat(ring.tryClaim()).isEqualTo(i);
        }
        assertThat(ring.tryClaim()).isEqualTo(SlotRing.FULL);
        assertThat(ring.backlog()).isEqualTo(4);

        ring.release(1);
        assertThat(ring.tryClaim()).isEqualTo(4);
        assertThat(ring.tryClaim()).isEqualTo(SlotRing.FULL);
    }

    @Test
    void aBatchClaimTakesAllItsSequencesOrNone() {
        SlotRing<Delivery> ring = new SlotRing<>(8, Delivery::new);
        assertThat(ring.tryClaim(5)).isEqualTo(0);
        assertThat(ring.tryClaim(4)).isEqualTo(SlotRing.FULL); // 3 free: none taken
        assertThat(ring.claimedCount()).isEqualTo(5);
        assertThat(ring.tryClaim(3)).isEqualTo(5);
        assertThat(ring.tryClaim(1)).isEqualTo(SlotRing.FULL);
        ring.release(2);
        assertThat(ring.tryClaim(2)).isEqualTo(8);
        ring.close();
        assertThat(ring.tryClaim(1)).isEqualTo(SlotRing.CLOSED);
        assertThatThrownBy(() -> ring.tryClaim(9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.tryClaim(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventIsInvisibleUntilPublishedAndCarriesItsMessage() {
        SlotRing<Delivery> ring = new SlotRing<>(8, Delivery::new);
        long seq = ring.tryClaim();
        ring.claimed(seq).message = "m";
        assertThat(ring.poll(seq)).isNull();
        ring.publish(seq);
        assertThat(ring.poll(seq)).isNotNull().extracting(e -> e.message).isEqualTo("m");
        assertThat(ring.poll(seq + 1)).isNull();
    }

    @Test
    void aWrappedEventIsNotMistakenForTheNextLap() {
        SlotRing<Delivery> ring = new SlotRing<>(2, Delivery::new);
        for (long s = 0; s < 2; s++) {
            ring.publish(ring.tryClaim());
        }
        ring.release(2);
        // Event index 0 holds sequence 0; the consumer now waits for sequence 2 at the same index.
        assertThat(ring.poll(2)).isNull();
        ring.publish(ring.tryClaim());
        assertThat(ring.poll(2)).isNotNull();
    }

    @Test
    void closeStopsClaimsAndReturnsTheDrainTarget() {
        SlotRing<Delivery> ring = new SlotRing<>(8, Delivery::new);
        ring.tryClaim();
        ring.tryClaim();
        assertThat(ring.close()).isEqualTo(2);
        assertThat(ring.close()).as("idempotent").isEqualTo(2);
        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.tryClaim()).isEqualTo(SlotRing.CLOSED);
        assertThat(ring.backlog()).isEqualTo(2);
    }

    @Test
    void twoProducersOneConsumerEveryMessageOnceInProducerOrder() throws Exception {
        SlotRing<Delivery> ring = new SlotRing<>(1024, Delivery::new);
        int perProducer = 500_000;
        CountDownLatch go = new CountDownLatch(1);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int id = p;
            producers[p] = new Thread(() -> {
                await(go);
                for (int i = 0; i < perProducer; i++) {
                    long seq;
                    while ((seq = ring.tryClaim()) < 0) {
                        Thread.onSpinWait();
                    }
                    ring.claimed(seq).message = new long[] {id, i};
                    ring.publish(seq);
                }
            });
            producers[p].start();
        }
        int[] next = new int[2];
        long total = 2L * perProducer;
        go.countDown();
        for (long seq = 0; seq < total; seq++) {
            Delivery e;
            while ((e = ring.poll(seq)) == null) {
                Thread.onSpinWait();
            }
            long[] m = (long[]) e.message;
            assertThat(m[1]).as("producer %d order", m[0]).isEqualTo(next[(int) m[0]]);
            next[(int) m[0]]++;
            e.clear();
            ring.release(seq + 1);
        }
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(next).containsExactly(perProducer, perProducer);
        assertThat(ring.backlog()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
