package io.rampart.remote;

import io.rampart.Backpressure;
import io.rampart.GroupSpec;
import io.rampart.WaitStrategy;
import io.rampart.balance.LoadBalancer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A group whose slots live on other nodes, as a sending node sees it: its name, its codecs, and how many slots each
 * hosting node runs. A {@link Node} adds it to its engine under that name, so the sender's code is the usual
 * {@code engine.distributor(name, M.class, R.class)}: {@code tellOne}, {@code tellEveryone}, {@code askOne},
 * {@code askEveryone}, typed, with the same outcomes.
 *
 * <pre>{@code
 * RemoteGroup<String, String> prices = RemoteGroup.builder("prices", Codecs.utf8())
 *         .answers(Codecs.utf8())
 *         .on(2, 2)          // node 2 runs slots 0 and 1 of "prices"
 *         .on(3, 2)          // node 3 runs two more
 *         .build();
 * }</pre>
 *
 * <p>On the sending node each remote slot is mirrored by a local slot (a ring and a thread that parks when idle),
 * which encodes the slot's messages and offers them to the hosting node's stream, in order. The group's balancer
 * sees the remote slots: a slot is running only if its node is up and the node's last slot report (every heartbeat)
 * says it runs, and its backlog is the local ring's plus the remote ring's as last reported. So a dead node's slots
 * are routed around within the peer timeout, and a restarting or busy remote slot as soon as it is reported.
 *
 * @param <M> the messages' type
 * @param <R> the answers' type
 */
public final class RemoteGroup<M, R> {
    private final String name;
    private final Codec<M> messages;
    private final Codec<R> answers;
    private final Map<Integer, Integer> placement;
    private final Supplier<? extends LoadBalancer> balancer;
    private final int ringSize;
    private final Backpressure backpressure;
    private final WaitStrategy waitStrategy;

    private RemoteGroup(Builder<M, R> b) {
        this.name = b.name;
        this.messages = b.messages;
        this.answers = b.answers;
        this.placement = Collections.unmodifiableMap(new LinkedHashMap<>(b.placement));
        this.balancer = b.balancer;
        this.ringSize = b.ringSize;
        this.backpressure = b.backpressure;
        this.waitStrategy = b.waitStrategy;
    }

    /**
     * Starts a remote group's definition.
     *
     * @param name     the group's name, as the hosting nodes' engines know it
     * @param messages the codec of its messages
     * @param <M>      the messages' type
     * @return a builder whose answers are {@code byte[]} until {@link Builder#answers} says otherwise
     */
    public static <M> Builder<M, byte[]> builder(String name, Codec<M> messages) {
        return new Builder<>(name, messages, Codecs.bytes());
    }

    /** @return the group's name */
    public String name() {
        return name;
    }

    /** @return the codec of its messages */
    public Codec<M> messages() {
        return messages;
    }

    /** @return the codec of its answers */
    public Codec<R> answers() {
        return answers;
    }

    /** @return node id to the number of slots the group runs there, in the order given */
    public Map<Integer, Integer> placement() {
        return placement;
    }

    /** @return the slots on every node together: the local group's redundancy */
    public int slots() {
        return placement.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The local mirror group's definition, with {@code handlers} for its slots and the remote-aware balancer. */
    GroupSpec<M, R> localSpec(Supplier<ProxyHandler> handlers, RemoteSlots table) {
        return GroupSpec.builder(name, messages.type())
                .answers(answers.type())
                .redundancy(slots())
                .ringSize(ringSize)
                .handler(handlers)
                .loadBalancer(() -> new RemoteBalancer(balancer.get(), table))
                .backpressure(backpressure)
                .waitStrategy(waitStrategy)
                // A proxy's failure is a message that could not be sent (peer gone, frame too large, a codec's
                // exception): dead-letter that message and go on; restarting a stateless proxy would change nothing.
                .onFailure((failure, message) -> io.rampart.Directive.RESUME)
                .build();
    }

    @Override
    public String toString() {
        return "RemoteGroup[" + name + " on " + placement + "]";
    }

    /**
     * Builds a {@link RemoteGroup}.
     *
     * @param <M> the messages' type
     * @param <R> the answers' type
     */
    public static final class Builder<M, R> {
        private final String name;
        private final Codec<M> messages;
        private Codec<R> answers;
        private final Map<Integer, Integer> placement = new LinkedHashMap<>();
        private Supplier<? extends LoadBalancer> balancer = LoadBalancer::roundRobin;
        private int ringSize = GroupSpec.DEFAULT_RING_SIZE;
        private Backpressure backpressure = Backpressure.block(java.time.Duration.ofSeconds(1));
        private WaitStrategy waitStrategy = WaitStrategy.backoffThenPark();

        private Builder(String name, Codec<M> messages, Codec<R> answers) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("group name must not be blank");
            }
            this.name = name;
            this.messages = Objects.requireNonNull(messages, "messages codec");
            this.answers = answers;
        }

        private Builder(Builder<M, ?> from, Codec<R> answers) {
            this(from.name, from.messages, answers);
            this.placement.putAll(from.placement);
            this.balancer = from.balancer;
            this.ringSize = from.ringSize;
            this.backpressure = from.backpressure;
            this.waitStrategy = from.waitStrategy;
        }

        /**
         * The codec of the answers to its asks.
         *
         * @param codec the answers' codec
         * @param <A>   the answers' type
         * @return a builder typed by it
         */
        public <A> Builder<M, A> answers(Codec<A> codec) {
            return new Builder<>(this, Objects.requireNonNull(codec, "answers codec"));
        }

        /**
         * Node {@code node} runs {@code slots} slots of the group (its slots 0 to {@code slots - 1}).
         *
         * @param node  the hosting node's id
         * @param slots how many, 1 to {@link SlotStates#MAX_SLOTS}
         * @return this builder
         */
        public Builder<M, R> on(int node, int slots) {
            if (node < 0) {
                throw new IllegalArgumentException("node id must be 0 or more, was " + node);
            }
            if (slots < 1 || slots > SlotStates.MAX_SLOTS) {
                throw new IllegalArgumentException("slots on node " + node + " must be 1 to "
                        + SlotStates.MAX_SLOTS + ", was " + slots);
            }
            if (placement.putIfAbsent(node, slots) != null) {
                throw new IllegalArgumentException("node " + node + " is already placed for group '" + name + "'");
            }
            return this;
        }

        /**
         * The balancer that picks a remote slot for {@code tellOne} and {@code askOne}; default round robin. It sees
         * the remote slots' state and backlog as described on {@link RemoteGroup}. A send never spills over from a
         * full local ring to another node's slot.
         *
         * @param factory makes one balancer for the group
         * @return this builder
         */
        public Builder<M, R> loadBalancer(Supplier<? extends LoadBalancer> factory) {
            this.balancer = Objects.requireNonNull(factory, "balancer factory");
            return this;
        }

        /**
         * The size of each local mirror slot's ring (default {@link GroupSpec#DEFAULT_RING_SIZE}).
         *
         * @param events a power of two
         * @return this builder
         */
        public Builder<M, R> ringSize(int events) {
            GroupSpec.builder(name, messages.type()).ringSize(events); // the engine's check, at this call
            this.ringSize = events;
            return this;
        }

        /**
         * What a send does when a mirror slot's ring is full (default {@code block(1s)}). A mirror ring fills when
         * its node's stream is back-pressured (the mirror waits for the stream, up to the node's offer timeout), so
         * this is where Aeron's back pressure meets the caller.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder<M, R> backpressure(Backpressure policy) {
            this.backpressure = Objects.requireNonNull(policy, "backpressure");
            return this;
        }

        /**
         * How the mirror slots wait for messages (default {@link WaitStrategy#backoffThenPark()}).
         *
         * @param strategy the wait strategy
         * @return this builder
         */
        public Builder<M, R> waitStrategy(WaitStrategy strategy) {
            this.waitStrategy = Objects.requireNonNull(strategy, "wait strategy");
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalStateException if no node was placed
         */
        public RemoteGroup<M, R> build() {
            if (placement.isEmpty()) {
                throw new IllegalStateException("remote group '" + name + "' is placed on no node: call on(node, slots)");
            }
            return new RemoteGroup<>(this);
        }
    }
}
