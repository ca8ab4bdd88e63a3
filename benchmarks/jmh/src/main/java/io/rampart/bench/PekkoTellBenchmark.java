package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.PekkoSystems;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.routing.RoundRobinPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pekko classic actor tell throughput: to one actor, and to a {@code RoundRobinPool} of two.
 *
 * <pre>
 * oneActor:                                    roundRobinPool2:
 * +----------+  tell   +---------+  +-------+   +----------+  tell  +--------+   +---------+  +---------+
 * | producer |-------&gt; | mailbox |-&gt;| actor |   | producer |------&gt;| router |-+&gt;| mailbox |-&gt;| routee 0|
 * | (JMH)    |         | (MPSC,  |  |(count)|   | (JMH)    |       | (round |  | +---------+  +---------+
 * +----------+         |unbounded)| +-------+   +----------+       | robin) |  +&gt;| mailbox |-&gt;| routee 1|
 *                      +---------+                                 +--------+    +---------+  +---------+
 * </pre>
 *
 * <p>Threads: the JMH producer plus a dispatcher of 1 thread (one actor) or 2 threads (pool of two). The
 * dispatcher's idle threads park (fork-join pool), so there is no spinning wait strategy. Mailboxes are
 * Pekko's default unbounded ones, so a batch may be fully enqueued before it is consumed: the invocation
 * still ends only when every actor's count adds up to {@link Batch#MESSAGES}. The message is a shared
 * constant, so the measurement is the hand-off and not message allocation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class PekkoTellBenchmark {
    private static final Object MESSAGE = "tick";

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

    /** Actors counting into one counter each, behind a single {@link ActorRef} (the actor or the router). */
    abstract static class Target {
        ActorSystem system;
        ActorRef ref;
        ConsumedCounter[] counters;
        long expected;

        void start(String name, int actors) {
            system = PekkoSystems.create(name, actors);
            counters = new ConsumedCounter[actors];
            for (int i = 0; i < actors; i++) {
                counters[i] = new ConsumedCounter();
            }
            AtomicInteger next = new AtomicInteger();
            Props counter = Props.create(Counter.class, () -> new Counter(counters[next.getAndIncrement()]));
            ref = actors == 1 ? system.actorOf(counter, "counter")
                    : system.actorOf(new RoundRobinPool(actors).props(counter), "pool");
        }

        long consumed() {
            long sum = 0;
            for (ConsumedCounter c : counters) {
                sum += c.get();
            }
            return sum;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            PekkoSystems.terminate(system);
        }
    }

    /** One actor on a 1-thread dispatcher. */
    @State(Scope.Benchmark)
    public static class OneActor extends Target {
        @Setup(Level.Trial)
        public void setUp() {
            start("tell-one", 1);
        }
    }

    /** A round-robin pool of two actors on a 2-thread dispatcher. */
    @State(Scope.Benchmark)
    public static class PoolOfTwo extends Target {
        @Setup(Level.Trial)
        public void setUp() {
            start("tell-pool", 2);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = "Pekko classic", threads = "1 producer, 1 actor",
            waits = "dispatcher threads park when idle")
    public void oneActor(OneActor target) {
        tellBatch(target, "pekko one actor");
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_2C, system = "Pekko classic",
            threads = "1 producer, RoundRobinPool of 2 actors",
            waits = "dispatcher threads park when idle")
    public void roundRobinPool2(PoolOfTwo target) {
        tellBatch(target, "pekko round robin pool of 2");
    }

    private static void tellBatch(Target target, String what) {
        ActorRef ref = target.ref;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            ref.tell(MESSAGE, ActorRef.noSender());
        }
        target.expected += Batch.MESSAGES;
        Batch.awaitConsumed(target::consumed, target.expected, what);
    }
}
