package io.rampart.bench.peers.roundtrip;

import io.rampart.bench.peers.PekkoSystems;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;

/**
 * Pekko classic {@code Patterns.ask} to an actor that replies at once, on a 1-thread dispatcher: on Pekko's defaults
 * ({@code pekko-ask}) or tuned for asks ({@code pekko-ask-tuned}: {@link PekkoSystems.Tuning#LATENCY}, the
 * affinity pool).
 *
 * <pre>
 * caller --ask--&gt; [temp PromiseActorRef] --tell--&gt; echo actor --reply--&gt; promise --&gt; caller get()
 * </pre>
 *
 * <p>The caller blocks in {@code get} on the future {@code toCompletableFuture()} returns; {@code get} runs no
 * callback, so the Scala converter's habit of running {@code thenApply} and friends on the JDK's default async
 * executor does not apply here.
 */
public final class PekkoAskSubject implements LatencySubject {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final PekkoSystems.Tuning tuning;
    private ActorSystem system;
    private ActorRef echo;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    /**
     * Replies to every message with the message itself; also the actor of the JMH in-flight ask benchmark
     * ({@code io.rampart.bench.PekkoInFlight}).
     */
    public static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> getSender().tell(m, getSelf())).build();
        }
    }

    /** {@link Echo} that first stamps its subject's dequeue time (see {@link #stampDequeues()}). */
    static final class StampingEcho extends AbstractActor {
        private final PekkoAskSubject subject;

        StampingEcho(PekkoAskSubject subject) {
            this.subject = subject;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> {
                subject.dequeued = System.nanoTime();
                getSender().tell(m, getSelf());
            }).build();
        }
    }

    /** Pekko's defaults. */
    public PekkoAskSubject() {
        this(PekkoSystems.Tuning.DEFAULT);
    }

    /** Configured as {@code tuning}. */
    public PekkoAskSubject(PekkoSystems.Tuning tuning) {
        this.tuning = tuning;
    }

    @Override
    public String name() {
        return tuning == PekkoSystems.Tuning.DEFAULT ? "pekko-ask" : "pekko-ask-tuned";
    }

    @Override
    public void start() {
        system = PekkoSystems.create("ask", 1, tuning);
        echo = stamp
                ? system.actorOf(Props.create(StampingEcho.class, () -> new StampingEcho(this)), "echo")
                : system.actorOf(Props.create(Echo.class, Echo::new), "echo");
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        Object reply = Patterns.ask(echo, payload, ASK_TIMEOUT).toCompletableFuture()
                .get(ASK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        return (Long) reply;
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
    public void close() throws Exception {
        if (system != null) {
            PekkoSystems.terminate(system);
        }
    }
}
