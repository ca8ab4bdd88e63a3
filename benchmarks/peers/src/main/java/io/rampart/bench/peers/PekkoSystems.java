package io.rampart.bench.peers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko actor systems sized for a 2-core machine.
 *
 * <p>The default dispatcher's fork-join pool would start 8 threads; it is pinned to exactly the number of
 * actors being measured, so Pekko runs as many consumer threads as the other peers. Throughput (messages an
 * actor handles before yielding its thread) stays at Pekko's default of 5. Pekko's own scheduler and internal
 * dispatcher threads exist too; they are idle apart from ask timeouts.
 */
public final class PekkoSystems {
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);

    private PekkoSystems() {
    }

    /** A new actor system whose default dispatcher runs {@code threads} threads. */
    public static ActorSystem create(String name, int threads) {
        Config config = ConfigFactory.parseString(
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads + "\n"
                        + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads + "\n"
                        + "pekko.loglevel = WARNING\n"
                        + "pekko.stdout-loglevel = WARNING\n"
                        + "pekko.log-dead-letters = off\n"
                        + "pekko.daemonic = on\n")
                .withFallback(ConfigFactory.load());
        return ActorSystem.create(name, config);
    }

    /** Terminates {@code system} and waits for it, failing if it does not stop in time. */
    public static void terminate(ActorSystem system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
