package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The definition of a worker group: its name, the type of message it takes and of answer it gives,
 * how many slots it has, how big each slot's ring is, how its handlers are made, and how messages
 * are balanced and held back.
 *
 * <pre>{@code
 * GroupSpec<Order, Receipt> orders = GroupSpec.builder("orders", Order.class)
 *     .answers(Receipt.class)              // its asks complete with Receipts (default: Object)
 *     .redundancy(4)                       // 4 slots, 4 consumer threads, 4 handler instances
 *     .ringSize(4096)                      // per slot, a power of two
 *     .handler(OrderHandler::new)          // one Handler<? super Order> per slot
 *     .loadBalancer(LoadBalancer.leastLoaded())
 *     .backpressure(Backpressure.block(Duration.ofMillis(50)))
 *     .build();
 * Distributor<Order, Receipt> d = engine.distributor(orders);
 * CompletableFuture<Receipt> r = d.askOne(new Order(42));
 * }</pre>
 *
 * <h2>Types</h2>
 * Every group declares the class of its messages; every send checks it at the call site
 * ({@link Distributor}), so a sender's mistake never reaches (or restarts) a handler. A group that
 * takes anything declares {@code Object.class}. A generic message type is declared by its raw class,
 * cast once: {@code GroupSpec.builder("batches", (Class<List<Order>>) (Class<?>) List.class)} (the
 * check at the send can only see the raw {@code List}). A group that answers several types keeps
 * the default answer type, {@code Object}. Primitive classes are refused: declare
 * {@code Integer.class}, not {@code int.class}.
 *
 * @param <M> the message type its handlers take
 * @param <R> the answer type of its asks ({@code Object} unless declared with {@link Builder#answers})
 */
public final class GroupSpec<M, R> {
    /** Slots in a group when not set. */
    public static final int DEFAULT_REDUNDANCY = 1;
    /** Events per slot ring when not set. */
    public static final int DEFAULT_RING_SIZE = 1024;
    /** The largest ring a slot may have. */
    public static final int MAX_RING_SIZE = 1 << 30;

    private final String name;
    private final Class<M> messageType;
    private final Class<R> answerType;
    private final int redundancy;
    private final int ringSize;
    private final Supplier<? extends Handler<? super M>> handlerFactory;
    /** Makes each engine's balancer for this group: per-engine state stays per engine. */
    private final Supplier<? extends LoadBalancer> loadBalancers;
    private final WaitStrategy waitStrategy;
    private final Backpressure backpressure;
    private final RestartPolicy restartPolicy;
    private final Backoff backoff;
    private final int retries;
    private final FailureDecider failureDecider;
    private final long stallAfterNanos;
    private final boolean interruptWhenStalled;
    private final boolean redistributeWhileRestarting;
    private final Lifecycle lifecycle;
    private final boolean recordLatency;
    private final Resizer resizer;

    private GroupSpec(Builder<M, R> b) {
        this.name = b.name;
        this.messageType = b.messageType;
        this.answerType = b.answerType;
        this.redundancy = b.redundancy;
        this.ringSize = b.ringSize;
        this.handlerFactory = b.handlerFactory;
        this.loadBalancers = b.loadBalancers;
        this.waitStrategy = b.waitStrategy;
        this.backpressure = b.backpressure;
        this.restartPolicy = b.restartPolicy;
        this.backoff = b.backoff;
        this.retries = b.retries;
        this.failureDecider = b.failureDecider;
        this.stallAfterNanos = b.stallAfterNanos;
        this.interruptWhenStalled = b.interruptWhenStalled;
        this.redistributeWhileRestarting = b.redistributeWhileRestarting;
        this.lifecycle = b.lifecycle;
        this.recordLatency = b.recordLatency;
        this.resizer = b.resizer;
    }

    /**
     * Starts a group definition. Its answer type is {@code Object} until {@link Builder#answers}
     * declares one.
     *
     * @param name        the group's name, unique in its engine; not blank
     * @param messageType the class of the messages it takes, checked at every send; not null, not
     *                    primitive; {@code Object.class} for a group that takes anything
     * @param <M>         the message type
     * @return a builder
     */
    public static <M> Builder<M, Object> builder(String name, Class<M> messageType) {
        Objects.requireNonNull(name, "group name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("group name must not be blank");
        }
        return new Builder<>(name, requireType(name, "message", messageType));
    }

    private static <T> Class<T> requireType(String name, String what, Class<T> type) {
        Objects.requireNonNull(type, () -> "group '" + name + "': " + what + " type");
        if (type.isPrimitive()) {
            throw new IllegalArgumentException("group '" + name + "': " + what + " type must be a class, not the primitive "
                    + type + " (use its wrapper class)");
        }
        return type;
    }

    /**
     * A new balancer for one engine's group, from the factory given to the builder.
     *
     * @return the balancer
     * @throws NullPointerException if the factory returned null
     */
    public LoadBalancer newLoadBalancer() {
        LoadBalancer b = loadBalancers.get();
        if (b == null) {
            throw new NullPointerException("group '" + name + "': load balancer factory returned null");
        }
        return b;
    }

    /** @return the group's name */
    public String name() {
        return name;
    }

    /** @return the class every message to this group must be an instance of ({@code Object.class}: any) */
    public Class<M> messageType() {
        return messageType;
    }

    /** @return the class every answer of this group's handlers must be an instance of (or null) */
    public Class<R> answerType() {
        return answerType;
    }

    /** @return the number of slots */
    public int redundancy() {
        return redundancy;
    }

    /** @return events per slot ring */
    public int ringSize() {
        return ringSize;
    }

    /** @return makes one handler per slot, and again on every restart */
    public Supplier<? extends Handler<? super M>> handlerFactory() {
        return handlerFactory;
    }

    /** @return how each slot's consumer waits when its ring is empty */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /** @return what a send does when its slot's ring is full */
    public Backpressure backpressure() {
        return backpressure;
    }

    /** @return how often a failed slot is restarted */
    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    /** @return the delay before each restart */
    public Backoff backoff() {
        return backoff;
    }

    /** @return how many times a message whose handler failed is handed to the restarted handler again */
    public int retries() {
        return retries;
    }

    /** @return how long a handler may be busy on one message before its slot is reported stalled; zero: never */
    public Duration stallAfter() {
        return Duration.ofNanos(stallAfterNanos);
    }

    /** @return whether a stalled slot's handler is interrupted ({@link Builder#interruptWhenStalled()}) */
    public boolean interruptsWhenStalled() {
        return interruptWhenStalled;
    }

    /** @return what the group does with a handler's failure on a message */
    public FailureDecider failureDecider() {
        return failureDecider;
    }

    /** @return whether a restarting slot's queue moves to running slots instead of waiting for its handler */
    public boolean redistributeWhileRestarting() {
        return redistributeWhileRestarting;
    }

    /** @return the slot lifecycle callbacks */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** @return whether the group's slots record queue-wait and service-time histograms */
    public boolean recordLatency() {
        return recordLatency;
    }

    /**
     * @return the group's automatic resizer, or null when it has none (its size changes only by
     *         {@link Engine#resize(String, int)})
     */
    public Resizer resizer() {
        return resizer;
    }

    @Override
    public String toString() {
        return "GroupSpec[" + name + ", takes=" + messageType.getName() + ", answers=" + answerType.getName() + ", redundancy=" + redundancy + ", ringSize=" + ringSize + ", wait="
                + waitStrategy + ", backpressure=" + backpressure + ", restart=" + restartPolicy + ", backoff="
                + backoff + ", retries=" + retries + "]";
    }

    /**
     * Builds a {@link GroupSpec}. Each setter checks its argument at once and names the group in its
     * error.
     *
     * @param <M> the message type
     * @param <R> the answer type
     */
    public static final class Builder<M, R> {
        private final String name;
        private final Class<M> messageType;
        private Class<R> answerType;
        private int redundancy = DEFAULT_REDUNDANCY;
        private int ringSize = DEFAULT_RING_SIZE;
        private Supplier<? extends Handler<? super M>> handlerFactory;
        private Supplier<? extends LoadBalancer> loadBalancers = LoadBalancer::roundRobin;
        private WaitStrategy waitStrategy = WaitStrategy.backoffThenPark();
        private Backpressure backpressure = Backpressure.DEFAULT;
        private RestartPolicy restartPolicy = RestartPolicy.always();
        private Backoff backoff = Backoff.DEFAULT;
        private int retries;
        private FailureDecider failureDecider = FailureDecider.alwaysRestart();
        private long stallAfterNanos;
        private boolean interruptWhenStalled;
        private boolean redistributeWhileRestarting;
        private Lifecycle lifecycle = new Lifecycle() { };
        private boolean recordLatency;
        private Resizer resizer;

        @SuppressWarnings("unchecked")
        private Builder(String name, Class<M> messageType) {
            this.name = name;
            this.messageType = messageType;
            this.answerType = (Class<R>) Object.class; // only builder(..) calls this, as a Builder<M, Object>
        }

        /**
         * Declares what the group's handlers answer: an ask's future completes with an {@code A} (or
         * null), and an answer of another type is refused at {@link Context#reply} or
         * {@link Reply#reply} with an {@link IllegalArgumentException}. Leave it out for a group that
         * answers several types: its answer type stays {@code Object}.
         *
         * @param answerType the class of every answer; not null, not primitive
         * @param <A>        the answer type
         * @return this builder, typed for answers of {@code A}
         */
        public <A> Builder<M, A> answers(Class<A> answerType) {
            Class<A> type = requireType(name, "answer", answerType);
            @SuppressWarnings("unchecked")
            Builder<M, A> self = (Builder<M, A>) this; // R appears only in answerType, set here
            self.answerType = type;
            return self;
        }

        /**
         * @param slots how many slots (consumer threads and handler instances); at least 1
         * @return this builder
         */
        public Builder<M, R> redundancy(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("group '" + name + "': redundancy must be at least 1, was " + slots);
            }
            this.redundancy = slots;
            return this;
        }

        /**
         * Each slot's ring capacity. Events are preallocated, 64 bytes each on a 64-bit JVM with
         * compressed references (Java 17, {@code jcmd GC.class_histogram}), so a slot's ring takes
         * {@code 64 × events} bytes: 64 KB at the default 1024, 4 MB at 65536.
         *
         * @param events each slot's ring capacity; a power of two from 1 to {@link #MAX_RING_SIZE}
         * @return this builder
         */
        public Builder<M, R> ringSize(int events) {
            if (events < 1 || events > MAX_RING_SIZE || Integer.bitCount(events) != 1) {
                throw new IllegalArgumentException("group '" + name + "': ring size must be a power of two from 1 to "
                        + MAX_RING_SIZE + ", was " + events);
            }
            this.ringSize = events;
            return this;
        }

        /**
         * @param factory makes one handler per slot, again at each restart; required
         * @return this builder
         */
        public Builder<M, R> handler(Supplier<? extends Handler<? super M>> factory) {
            this.handlerFactory = Objects.requireNonNull(factory, () -> "group '" + name + "': handler factory");
            return this;
        }

        /**
         * One balancer instance for this group in <b>every</b> engine built from this spec. A
         * balancer with state (a round robin's counter, a random generator) is then shared by those
         * engines; pass a factory with {@link #loadBalancer(Supplier)} to give each engine its own.
         *
         * @param balancer picks the slot for each tellOne/askOne; default: a new
         *                 {@link LoadBalancer#roundRobin()} per engine
         * @return this builder
         */
        public Builder<M, R> loadBalancer(LoadBalancer balancer) {
            Objects.requireNonNull(balancer, () -> "group '" + name + "': load balancer");
            this.loadBalancers = () -> balancer;
            return this;
        }

        /**
         * A factory called once per engine built from this spec, so each engine's group has a
         * balancer of its own (two engines never share a round robin's counter).
         *
         * <pre>{@code
         * GroupSpec.builder("jobs", Job.class).handler(JobHandler::new)
         *     .loadBalancer(LoadBalancer::leastLoaded)   // a fresh balancer per engine
         * }</pre>
         *
         * @param factory makes the balancer; called at {@link Engine.Builder#build()}; must not return
         *                null; default {@code LoadBalancer::roundRobin}
         * @return this builder
         */
        public Builder<M, R> loadBalancer(Supplier<? extends LoadBalancer> factory) {
            this.loadBalancers = Objects.requireNonNull(factory, () -> "group '" + name + "': load balancer factory");
            return this;
        }

        /**
         * @param strategy how idle consumers wait; default {@link WaitStrategy#backoffThenPark()}
         * @return this builder
         */
        public Builder<M, R> waitStrategy(WaitStrategy strategy) {
            this.waitStrategy = Objects.requireNonNull(strategy, () -> "group '" + name + "': wait strategy");
            return this;
        }

        /**
         * @param policy what a send does when its ring is full; default {@code block(1s)}
         * @return this builder
         */
        public Builder<M, R> backpressure(Backpressure policy) {
            this.backpressure = Objects.requireNonNull(policy, () -> "group '" + name + "': backpressure");
            return this;
        }

        /**
         * @param policy whether a failed slot is restarted; default {@link RestartPolicy#always()}
         * @return this builder
         */
        public Builder<M, R> restart(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, () -> "group '" + name + "': restart policy");
            return this;
        }

        /**
         * @param backoff the wait before each restart; default {@code exponential(1 ms, 1 s, 0.2)}
         * @return this builder
         */
        public Builder<M, R> backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, () -> "group '" + name + "': backoff");
            return this;
        }

        /**
         * How many times the message whose handling failed is given again, each time to the
         * restarted handler, before it goes to dead letters (tell) or fails its ask. Default 0.
         *
         * @param k retries of a failing message; 0 or more
         * @return this builder
         */
        public Builder<M, R> retries(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("group '" + name + "': retries must be at least 0, was " + k);
            }
            this.retries = k;
            return this;
        }

        /**
         * What the group does when its handler fails on a message: resume, restart, stop the slot, or
         * escalate (see {@link Directive}). Default {@link FailureDecider#alwaysRestart()}. Retries
         * ({@link #retries(int)}) apply under {@link Directive#RESTART} only.
         *
         * @param decider chooses a directive per failure
         * @return this builder
         */
        public Builder<M, R> onFailure(FailureDecider decider) {
            this.failureDecider = Objects.requireNonNull(decider, () -> "group '" + name + "': failure decider");
            return this;
        }

        /**
         * Stall detection: a slot whose handler has been busy on one message for longer than
         * {@code threshold} (its ring non-empty and its position not moving) is reported stalled
         * ({@link SlotInfo#stalled()}, and a warning logged) and routed around: the balancers see it as
         * not running ({@code Slots.isRunning}) until it moves again, and no send spills into it. Its
         * queued messages wait for it; when every running slot is stalled, sends queue in the one
         * with the shortest backlog (as for restarts; under {@code failFast} they are refused). The
         * engine's scheduler looks every half threshold, so a stall is reported between one and one and
         * a half thresholds after it began. Default: off.
         *
         * @param threshold positive
         * @return this builder
         */
        public Builder<M, R> stallAfter(Duration threshold) {
            Objects.requireNonNull(threshold, () -> "group '" + name + "': stall threshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("group '" + name + "': stall threshold must be positive, was " + threshold);
            }
            this.stallAfterNanos = threshold.toNanos();
            return this;
        }

        /**
         * With {@link #stallAfter}: when a slot is found stalled, its supervisor interrupts the
         * handler's thread once (a handler blocked in an interruptible call gets its
         * {@code InterruptedException}; one that throws is a failure like any other, decided by
         * {@link #onFailure}: by default its slot restarts). The interrupt reaches only the handler
         * call that stalled: if that call returns as the watch decides, nothing is interrupted, and
         * an interrupt the handler ignores is cleared before the slot takes its next message, so it
         * never leaks into another message. Interrupted again only after the slot moves and stalls
         * anew. Costs the group a volatile store and a CAS per message. Default: off (a stalled
         * handler is only reported and routed around).
         *
         * <pre>{@code
         * GroupSpec.builder("quotes", Request.class).answers(Quote.class)
         *         .stallAfter(Duration.ofSeconds(2))
         *         .interruptWhenStalled()   // a call stuck on a dead socket is interrupted
         *         .handler(QuoteClient::new)
         *         .build();
         * }</pre>
         *
         * @return this builder
         */
        public Builder<M, R> interruptWhenStalled() {
            this.interruptWhenStalled = true;
            return this;
        }

        /**
         * Whether a restarting slot hands the messages queued in its ring to the group's running slots
         * instead of keeping them for its next handler. Default false: queued messages wait, so
         * per-sender order within the slot is kept.
         *
         * @param redistribute true to move queued messages away from a restarting slot
         * @return this builder
         */
        public Builder<M, R> redistributeWhileRestarting(boolean redistribute) {
            this.redistributeWhileRestarting = redistribute;
            return this;
        }

        /**
         * @param hooks called as slots start, restart and stop
         * @return this builder
         */
        public Builder<M, R> lifecycle(Lifecycle hooks) {
            this.lifecycle = Objects.requireNonNull(hooks, () -> "group '" + name + "': lifecycle");
            return this;
        }

        /**
         * Whether each slot records its queue wait (publish to dequeue) and service time (handler
         * start to end) in HdrHistograms, read with {@link Engine#metrics(String)}. Default false:
         * nothing is stamped or recorded, and the hot path is as without metrics. When on, a send
         * takes one {@code System.nanoTime()} and the consumer two, and recording allocates nothing.
         *
         * <pre>{@code
         * GroupSpec.builder("jobs", Job.class).handler(JobHandler::new).recordLatency(true).build();
         * }</pre>
         *
         * @param record true to record latency distributions
         * @return this builder
         */
        public Builder<M, R> recordLatency(boolean record) {
            this.recordLatency = record;
            return this;
        }

        /**
         * Grows and shrinks the running group between the resizer's bounds by its measured backlog; see
         * {@link Resizer}. Its bounds also bound {@link Engine#resize(String, int)}, and the group's
         * {@link #redundancy(int) redundancy} (its size at start) must lie within them. Default: none.
         *
         * <pre>{@code
         * GroupSpec.builder("orders", Order.class).handler(OrderHandler::new)
         *     .redundancy(2).resizer(Resizer.byBacklog(2, 8, 32, 1).coolDown(Duration.ofSeconds(5)))
         *     .build();
         * }</pre>
         *
         * @param resizer the resizer; not null
         * @return this builder
         */
        public Builder<M, R> resizer(Resizer resizer) {
            this.resizer = Objects.requireNonNull(resizer, () -> "group '" + name + "': resizer");
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalStateException if no handler factory was given, or the redundancy lies outside
         *                               the resizer's bounds
         */
        public GroupSpec<M, R> build() {
            if (handlerFactory == null) {
                throw new IllegalStateException("group '" + name + "': no handler factory; call handler(..)");
            }
            if (interruptWhenStalled && stallAfterNanos == 0) {
                throw new IllegalStateException("group '" + name + "': interruptWhenStalled() needs a stall threshold; "
                        + "call stallAfter(..)");
            }
            if (resizer != null && (redundancy < resizer.lower() || redundancy > resizer.upper())) {
                throw new IllegalStateException("group '" + name + "': redundancy " + redundancy
                        + " lies outside its resizer's bounds " + resizer.lower() + ".." + resizer.upper());
            }
            return new GroupSpec<>(this);
        }
    }
}
