package io.rampart.bench;

import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.peers.roundtrip.PekkoAskSubject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;

/**
 * Pekko classic {@code Patterns.ask} to one echo actor.
 *
 * <pre>
 * caller --256 x Patterns.ask--&gt; 256 PromiseActorRefs --&gt; echo actor mailbox
 *    ^                                                              | reply
 *    +---------- get() each &lt;-------- 256 promises &lt;--------------+
 * </pre>
 *
 * <p>Threads: the actor on a 1-thread dispatcher plus Pekko's scheduler thread, which holds each ask's timeout.
 * Configuration: Pekko's defaults ({@code pekko}: the fork-join thread parks when idle) or tuned for asks
 * ({@code pekko-tuned}: {@link PekkoSystems.Tuning#LATENCY}, an affinity pool that spins, yields, then parks in short
 * steps). The caller waits in {@code get} on the future {@code toCompletableFuture()} returns, which completes on
 * the thread that completed Pekko's promise: no executor hop.
 */
final class PekkoInFlight implements AskInFlightSubject {
    /** Pekko's own ask timeout; as for Rampart's engine, long enough never to fire on a working system. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final ActorRef echo;

    /** A started actor system, configured as {@code tuning}, with one echo actor. */
    PekkoInFlight(PekkoSystems.Tuning tuning) {
        this.system = PekkoSystems.create("ask-in-flight", 1, tuning);
        this.echo = system.actorOf(Props.create(PekkoAskSubject.Echo.class, PekkoAskSubject.Echo::new), "echo");
    }

    @Override
    public CompletableFuture<?> ask(Object message) {
        return Patterns.ask(echo, message, ASK_TIMEOUT).toCompletableFuture();
    }

    @Override
    public void close() throws Exception {
        PekkoSystems.terminate(system);
    }
}
