package io.rampart.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rampart.Backoff;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.ManualScheduler;
import io.rampart.SlotInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Queue consumers in a Rampart group: each slot takes items from a bounded {@link Broker} queue,
 * processes them and acknowledges them. Midway the broker connection is lost: every consumer fails,
 * and while the connection is down each restart fails in the handler factory too, so the supervisor
 * retries with exponential backoff (10, 20, 40 ms..., exact on a {@link ManualScheduler}). Once the
 * connection is back the consumers resume and every item is acknowledged exactly once.
 *
 * <pre>
 *  producer ──put──► Broker (bounded queue, redelivers unacked on disconnect)
 *                        ▲ poll / ack
 *  PULL tokens ──► slot 0: consumer ─┐  a PULL polls a few items, acks each, then sends the next PULL
 *                  slot 1: consumer ─┘  (tellOne), so each slot keeps pulling until the work is done
 * </pre>
 */
class QueueConsumersTest {
    private static final int ITEMS = 5_000;
    private static final int CONSUMERS = 2;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration AWAIT = Duration.ofSeconds(10);

    /** The message that makes consumer {@code slot} pull from the broker; each consumer keeps its own. */
    private record Pull(int slot) {
    }

    @Test
    void everyItemIsAcknowledgedExactlyOnceAcrossALostConnection() throws Exception {
        Broker broker = new Broker(64);
        broker.disconnectAfterAcks(ITEMS / 4);
        ManualScheduler time = new ManualScheduler();
        AtomicInteger processed = new AtomicInteger();
        AtomicReference<Distributor<Pull, Object>> self = new AtomicReference<>();

        try (Engine engine = Engine.builder()
                .name("consumers")
                .scheduler(time)
                .group(GroupSpec.builder("consumers", Pull.class)
                        .redundancy(CONSUMERS)
                        // Each consumer pulls for itself: a Pull goes to the slot it names.
                        .loadBalancer((message, slots) -> ((Pull) message).slot())
                        // Exact doubling (no jitter) so the test can check the delays.
                        .backoff(Backoff.exponential(FIRST_BACKOFF, Duration.ofSeconds(1), 0))
                        // The PULL a consumer failed on goes to its restarted handler: the pulling never stops.
                        .retries(1_000)
                        .handler(() -> {
                            broker.connect(); // a consumer opens its connection when it starts
                            return (Handler<Pull>) (pull, ctx) -> {
                                for (int i = 0; i < 8; i++) {
                                    Integer item = broker.poll(1);
                                    if (item == null) {
                                        break;
                                    }
                                    processed.incrementAndGet(); // the work itself
                                    broker.ack(item);
                                }
                                if (broker.ackCount() < ITEMS) {
                                    self.get().tellOne(new Pull(ctx.slot()));
                                }
                            };
                        })
                        .build())
                .build()) {
            engine.start();
            self.set(engine.distributor("consumers", Pull.class, Object.class));
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < ITEMS; i++) {
                        broker.publish(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer");
            producer.start();
            for (int slot = 0; slot < CONSUMERS; slot++) {
                self.get().tellOne(new Pull(slot));
            }

            await().atMost(AWAIT).until(broker::disconnected);

            // Every consumer fails on the lost connection and waits out its first backoff.
            await().atMost(AWAIT).until(() -> time.pending() == CONSUMERS);
            assertThat(time.delays()).containsExactly(FIRST_BACKOFF, FIRST_BACKOFF);
            // Each restart fails in the factory while disconnected: the backoff doubles.
            Duration wait = FIRST_BACKOFF;
            for (int round = 1; round <= 3; round++) {
                int refused = broker.refusedConnects();
                time.advance(wait);
                await().atMost(AWAIT).until(() -> broker.refusedConnects() == refused + CONSUMERS
                        && time.pending() == CONSUMERS);
                wait = wait.multipliedBy(2);
            }
            List<Duration> delays = time.delays();
            assertThat(delays.subList(delays.size() - CONSUMERS, delays.size())).containsOnly(Duration.ofMillis(80));
            assertThat(delays).containsSubsequence(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40),
                    Duration.ofMillis(80));

            broker.reconnect();
            time.advance(wait);
            await().atMost(AWAIT).until(() -> broker.ackCount() == ITEMS);
            producer.join(AWAIT.toMillis());

            assertThat(broker.acks()).hasSize(ITEMS);
            assertThat(broker.acks().values()).allMatch(n -> n.get() == 1);
            assertThat(broker.acks().keySet()).allMatch(i -> i >= 0 && i < ITEMS);
            assertThat(processed.get()).isGreaterThanOrEqualTo(ITEMS); // redelivered items are processed again
            long restarts = engine.slots().stream().mapToLong(SlotInfo::restarts).sum();
            assertThat(restarts).isEqualTo(CONSUMERS); // one successful restart each, after the reconnect
            assertThat(broker.refusedConnects()).isEqualTo(3 * CONSUMERS);
        }
    }
}
