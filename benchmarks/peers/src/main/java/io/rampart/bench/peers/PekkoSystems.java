package io.rampart.bench.peers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko actor systems sized for a 2-core machine, on Pekko's defaults or tuned the way Pekko's own documentation
 * advises. Every system's default dispatcher is pinned to exactly the number of actors being measured, so Pekko runs
 * as many consumer threads as the other peers. Pekko's own scheduler and internal dispatcher threads exist too;
 * they are idle apart from ask timeouts.
 *
 * <h2>Default and tuned</h2>
 * <ul>
 * <li>{@link Tuning#DEFAULT} ("pekko"): Pekko's defaults apart from the thread count: a fork-join executor whose
 *     idle threads park at once, {@code throughput = 5} (messages an actor handles before its thread moves on), the
 *     default {@code UnboundedMailbox}.</li>
 * <li>{@link Tuning#THROUGHPUT} ("pekko-tuned" for tells): {@code throughput = 100} and
 *     {@code SingleConsumerOnlyUnboundedMailbox}. The dispatcher's {@code throughput} "defines the number of messages
 *     that are processed in a batch before the thread is returned to the pool" (pekko-actor's
 *     {@code reference.conf}); "larger values (or zero or negative) increase throughput, smaller values increase
 *     fairness" ({@code Dispatcher}'s scaladoc), and the dispatcher examples of Pekko's documentation (Classic
 *     Dispatchers, "More dispatcher configuration examples") use 100. The mailbox is, in its scaladoc, "a
 *     high-performance, multiple producer—single consumer, unbounded MailboxType"; the same scaladoc warns that it
 *     "is slower for some benchmarks than the ConcurrentLinkedQueue" of the default mailbox, which is why the default
 *     row stays beside it.</li>
 * <li>{@link Tuning#LATENCY} ("pekko-tuned" for asks): the above on an {@code affinity-pool-executor}, which the
 *     same documentation offers "in cases where there is relatively small number of actors that maintain some
 *     internal state" (each actor stays on one thread), with {@code idle-cpu-level = } {@value #IDLE_CPU_LEVEL}:
 *     the {@code reference.conf} default on its scale from 1 ("strongly prefer low CPU consumption over low
 *     latency") to 10 ("strongly prefer low latency"). At that level an idle worker spins 4,500 times, yields 25
 *     times, then parks for 1 ns doubling up to about 140 us at a time ({@code AffinityPool.IdleStrategy}): unlike
 *     the fork-join pool it never parks at once, and unlike Rampart's default it never parks for good.</li>
 * </ul>
 */
public final class PekkoSystems {
    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);
    /** {@code throughput} of the tuned dispatchers: the value of Pekko's dispatcher examples. */
    public static final int TUNED_THROUGHPUT = 100;
    /** {@code idle-cpu-level} of the affinity pool: Pekko's default, the middle of its 1..10 scale. */
    public static final int IDLE_CPU_LEVEL = 5;
    private static final String MAILBOX = "org.apache.pekko.dispatch.SingleConsumerOnlyUnboundedMailbox";

    /** Which configuration a system runs; see the class comment. */
    public enum Tuning {
        /** Pekko's defaults, the thread count pinned. */
        DEFAULT("fork-join, throughput 5, default mailbox"),
        /** Throughput 100 and the single-consumer mailbox, on the fork-join executor. */
        THROUGHPUT("tuned: fork-join, throughput " + TUNED_THROUGHPUT + ", SingleConsumerOnlyUnboundedMailbox"),
        /** As {@link #THROUGHPUT}, on the affinity pool. */
        LATENCY("tuned: affinity-pool-executor idle-cpu-level " + IDLE_CPU_LEVEL + ", throughput " + TUNED_THROUGHPUT
                + ", SingleConsumerOnlyUnboundedMailbox");

        private final String description;

        Tuning(String description) {
            this.description = description;
        }

        /** The configuration in words, for the report. */
        public String description() {
            return description;
        }
    }

    private PekkoSystems() {
    }

    /** A new actor system on Pekko's defaults whose default dispatcher runs {@code threads} threads. */
    public static ActorSystem create(String name, int threads) {
        return create(name, threads, Tuning.DEFAULT);
    }

    /** A new actor system configured as {@code tuning} whose default dispatcher runs {@code threads} threads. */
    public static ActorSystem create(String name, int threads, Tuning tuning) {
        return ActorSystem.create(name, config(threads, tuning));
    }

    /** The configuration of {@link #create(String, int, Tuning)}, over Pekko's reference configuration. */
    public static Config config(int threads, Tuning tuning) {
        StringBuilder c = new StringBuilder()
                .append("pekko.loglevel = WARNING\n")
                .append("pekko.stdout-loglevel = WARNING\n")
                .append("pekko.log-dead-letters = off\n")
                .append("pekko.daemonic = on\n");
        String dispatcher = "pekko.actor.default-dispatcher.";
        if (tuning == Tuning.LATENCY) {
            c.append(dispatcher).append("executor = \"affinity-pool-executor\"\n")
                    .append(dispatcher).append("affinity-pool-executor.parallelism-min = ").append(threads).append('\n')
                    .append(dispatcher).append("affinity-pool-executor.parallelism-max = ").append(threads).append('\n')
                    .append(dispatcher).append("affinity-pool-executor.idle-cpu-level = ").append(IDLE_CPU_LEVEL)
                    .append('\n');
        } else {
            c.append(dispatcher).append("fork-join-executor.parallelism-min = ").append(threads).append('\n')
                    .append(dispatcher).append("fork-join-executor.parallelism-max = ").append(threads).append('\n');
        }
        if (tuning != Tuning.DEFAULT) {
            c.append(dispatcher).append("throughput = ").append(TUNED_THROUGHPUT).append('\n')
                    .append("pekko.actor.default-mailbox.mailbox-type = \"").append(MAILBOX).append("\"\n");
        }
        return ConfigFactory.parseString(c.toString()).withFallback(ConfigFactory.load());
    }

    /** Terminates {@code system} and waits for it, failing if it does not stop in time. */
    public static void terminate(ActorSystem system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
