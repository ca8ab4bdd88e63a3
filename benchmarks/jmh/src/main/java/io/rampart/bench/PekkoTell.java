package io.rampart.bench;

import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.PekkoSystems;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.routing.RoundRobinPool;

/**
 * Pekko classic actors: one counting actor, or a {@code RoundRobinPool} of several, behind one {@link ActorRef}.
 *
 * <pre>
 * one actor:                                   pool of two:
 * +----------+  tell   +---------+  +-------+   +----------+  tell  +--------+   +---------+  +---------+
 * | producer |-------&gt; | mailbox |-&gt;| actor |   | producer |------&gt;| router |-+&gt;| mailbox |-&gt;| routee 0|
 * |          |         | (MPSC,  |  |(count)|   |          |       | (round |  | +---------+  +---------+
 * +----------+         |unbounded)| +-------+   +----------+       | robin) |  +&gt;| mailbox |-&gt;| routee 1|
 *                      +---------+                                 +--------+    +---------+  +---------+
 * </pre>
 *
 * <p>Threads: a default dispatcher of exactly one thread per actor ({@link PekkoSystems}), plus Pekko's own
 * scheduler thread, idle here. The dispatcher's idle threads park (fork-join pool): there is no spinning wait.
 * Configuration: Pekko's defaults ({@code pekko}) or tuned for throughput ({@code pekko-tuned}: dispatcher
 * throughput 100, {@code SingleConsumerOnlyUnboundedMailbox}; {@link PekkoSystems.Tuning#THROUGHPUT} says why).
 * Mailboxes are unbounded either way, so a batch may be wholly enqueued before it is consumed; the benchmark still
 * waits until every actor's count adds up.
 */
final class PekkoTell implements TellSubject {
    /** Counts every message it receives into its own counter (one actor = one writer thread at a time). */
    static final class Counter extends AbstractActor {
        private final ConsumedCounter consumed;

        Counter(ConsumedCounter consumed) {
            this.consumed = consumed;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> consumed.increment()).build();
        }
    }

    private final ActorSystem system;
    private final ActorRef ref;
    private final ConsumedCounter[] counters;

    /**
     * An actor system named {@code name}, configured as {@code tuning}, with {@code actors} counting actors (a pool
     * when more than one).
     */
    PekkoTell(String name, int actors, PekkoSystems.Tuning tuning) {
        this.system = PekkoSystems.create(name, actors, tuning);
        this.counters = new ConsumedCounter[actors];
        for (int i = 0; i < actors; i++) {
            counters[i] = new ConsumedCounter();
        }
        AtomicInteger next = new AtomicInteger();
        Props counter = Props.create(Counter.class, () -> new Counter(counters[next.getAndIncrement()]));
        this.ref = actors == 1 ? system.actorOf(counter, "counter")
                : system.actorOf(new RoundRobinPool(actors).props(counter), "pool");
    }

    @Override
    public Sender sender() {
        ActorRef r = ref;
        return messages -> {
            for (int i = 0; i < messages; i++) {
                r.tell(MESSAGE, ActorRef.noSender());
            }
        };
    }

    @Override
    public long consumed() {
        long sum = 0;
        for (ConsumedCounter c : counters) {
            sum += c.get();
        }
        return sum;
    }

    @Override
    public void checkNoFailure() {
        // An actor that throws is restarted by its supervisor and its message is lost: the count then falls short.
    }

    @Override
    public void close() throws Exception {
        PekkoSystems.terminate(system);
    }
}
