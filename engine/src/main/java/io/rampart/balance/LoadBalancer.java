package io.rampart.balance;

import io.rampart.GroupStoppedException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sequencer stage's choice: which slot of a group gets a message sent with
 * {@code Distributor.tellOne} or {@code Distributor.askOne}.
 *
 * <p>Called on the sender's thread, by many senders at once, on the hot path: implementations
 * must be thread-safe, should not allocate, and must not block. A balancer instance belongs to one
 * group; the factories below make a fresh one each call.
 *
 * <pre>{@code
 * // a custom balancer: the first running slot whose backlog is under 8, else round robin's choice
 * LoadBalancer rr = LoadBalancer.roundRobin();
 * LoadBalancer custom = (msg, slots) -> {
 *     for (int i = 0; i < slots.size(); i++) {
 *         if (slots.isRunning(i) && slots.backlog(i) < 8) return i;
 *     }
 *     return rr.select(msg, slots);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface LoadBalancer {
    /**
     * Picks a slot.
     *
     * @param message the message being sent
     * @param slots   the group's slots, with their live state and backlog: the same members and size for
     *                the whole send, even while the group is resized (a resize publishes a new view for
     *                later sends)
     * @return a running slot's index in {@code [0, slots.size())}, or -1 when none is running; the
     *         send then queues in a restarting slot's ring (it keeps messages across the restart),
     *         or fails with {@link GroupStoppedException} if every slot stopped for good
     */
    int select(Object message, Slots slots);

    /**
     * Whether a send may go to another running slot when the chosen slot's ring is full
     * (head-of-line protection): the group then tries the running slot with the most room before it
     * applies its backpressure, so one full or stuck slot does not make the group refuse work another
     * slot could take. True for the built-ins that promise only a spread (round robin, random, least
     * loaded, power of two choices); false for consistent hashing, whose promise is key affinity: a key's
     * messages wait for their slot (backpressure applies to it) rather than run elsewhere. Default false,
     * so a custom balancer's own promise (affinity, a slot per message kind) is kept unless it says
     * otherwise. Either way, messages a sender sends to one slot run in the order sent.
     *
     * @return true if a send may spill over to another running slot
     */
    default boolean spillsOver() {
        return false;
    }

    /**
     * An exact rotation over the running slots, shared by all senders: N sends to k running slots
     * give each N/k, whichever threads send. One atomic increment per send.
     *
     * @return a new round robin balancer
     */
    static LoadBalancer roundRobin() {
        return new RoundRobin();
    }

    /** @return a balancer that picks a running slot uniformly at random */
    static LoadBalancer random() {
        return new RandomChoice();
    }

    /**
     * The running slot with the shortest backlog (ring cursor minus consumer sequence, the message in
     * the handler included); ties go to a random one of them so idle slots share the work.
     *
     * @return a new least-loaded balancer
     */
    static LoadBalancer leastLoaded() {
        return new LeastLoaded();
    }

    /**
     * Two running slots chosen at random; the one with the shorter backlog wins. Nearly as even as
     * {@link #leastLoaded()} while reading two backlogs instead of all.
     *
     * @return a new power-of-two-choices balancer
     */
    static LoadBalancer powerOfTwoChoices() {
        return new PowerOfTwoChoices();
    }

    /**
     * Consistent hashing on a key taken from each message: every message with an equal key goes to
     * the same slot while the slots stay running. Each slot owns {@code 128} virtual nodes on the
     * hash ring; when a slot is not running its keys move to the next running slot on the ring and
     * return when it does, and no other key moves. Across a resize
     * ({@link io.rampart.Engine#resize(String, int)}) only the keys that must move do: growing moves
     * only keys that now map to the new slots, shrinking only the keys of the removed slots.
     *
     * @param key takes the routing key from a message; must not return null
     * @param <M> the message type
     * @return a new consistent-hash balancer
     */
    static <M> LoadBalancer consistentHash(Function<? super M, ?> key) {
        return new ConsistentHash<>(Objects.requireNonNull(key, "key"), ConsistentHash.DEFAULT_VIRTUAL_NODES);
    }

    /**
     * As {@link #consistentHash(Function)} with a chosen number of virtual nodes per slot.
     *
     * @param key          takes the routing key from a message; must not return null
     * @param virtualNodes virtual nodes per slot; at least 1 (more spreads keys more evenly)
     * @param <M>          the message type
     * @return a new consistent-hash balancer
     */
    static <M> LoadBalancer consistentHash(Function<? super M, ?> key, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtual nodes per slot must be at least 1, was " + virtualNodes);
        }
        return new ConsistentHash<>(Objects.requireNonNull(key, "key"), virtualNodes);
    }
}
