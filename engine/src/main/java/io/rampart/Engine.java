package io.rampart;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * A Rampart engine: named groups of load-balanced workers, each worker a slot with its own ring,
 * consumer thread and handler. An engine is an ordinary object: two engines in one JVM share
 * nothing.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder()
 *         .group(GroupSpec.<String>builder("upper")
 *                 .redundancy(2)
 *                 .handler(() -> (msg, ctx) -> ctx.reply(msg.toUpperCase()))
 *                 .build())
 *         .build()) {
 *     engine.start();
 *     Distributor upper = engine.distributor("upper");
 *     String answer = upper.<String>askOne("hello").join();   // "HELLO"
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * {@link #start()} starts every slot's thread and returns once every slot has its first handler.
 * Sending before {@code start()} is rejected with {@link IllegalStateException}: nothing is queued
 * for an engine that may never start. {@link #close()} stops accepting sends, lets every slot
 * drain what it accepted, completes every ask still pending (with {@link EngineClosedException} if
 * no answer can come any more) and joins every thread the engine started. {@link #shutdown()} and
 * {@link #awaitTermination(Duration)} split the same into its two halves.
 */
public final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.rampart.Engine");

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int TERMINATED = 3;

    private final String name;
    private final Map<String, Group> groups;
    private final DeadLetters deadLetters;
    private final LongSupplier clock;
    private final AskTimer timer;
    private final long askTimeoutNanos;
    private final long closeTimeoutNanos;
    private final ThreadFactory threadFactory;
    private final Object lifecycle = new Object();
    private volatile int state = NEW;

    private Engine(Builder b) {
        this.name = b.name != null ? b.name : "rampart@" + Integer.toHexString(System.identityHashCode(this));
        this.deadLetters = new DeadLetters(name, b.deadLetters);
        this.clock = b.clock;
        this.timer = new AskTimer(clock, b.timerTickNanos);
        this.askTimeoutNanos = b.askTimeoutNanos;
        this.closeTimeoutNanos = b.closeTimeoutNanos;
        this.threadFactory = b.threadFactory != null ? b.threadFactory : r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
        Map<String, Group> g = new LinkedHashMap<>();
        for (GroupSpec<?> spec : b.groups) {
            g.put(spec.name, new Group(this, spec));
        }
        this.groups = Collections.unmodifiableMap(g);
    }

    /** @return a builder for a new engine */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the engine's name, used in thread names, errors and dead letters */
    public String name() {
        return name;
    }

    /** @return the names of its groups, in definition order */
    public Set<String> groupNames() {
        return groups.keySet();
    }

    /**
     * Starts every slot and returns once each has made its first handler.
     *
     * @throws IllegalStateException if the engine was already started or closed
     * @throws RampartException      if a handler factory failed; the engine is then closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (state != NEW) {
                throw new IllegalStateException("engine '" + name + "' was already " + (state == RUNNING ? "started" : "closed"));
            }
            Thread timerThread = threadFactory.newThread(timer);
            timerThread.setName(name + "-ask-timer");
            timer.startOn(timerThread);
            for (Group g : groups.values()) {
                g.start(threadFactory);
            }
            Throwable failure = null;
            try {
                for (Group g : groups.values()) {
                    Throwable f = g.awaitStarted();
                    if (failure == null) {
                        failure = f;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new RampartException("engine '" + name + "': interrupted while starting", e);
            }
            state = RUNNING;
            if (failure != null) {
                close();
                throw failure instanceof RampartException r ? r : new RampartException(failure.getMessage(), failure);
            }
        }
    }

    /**
     * The handle to a group. The same handle is returned every time, and it stays valid across
     * restarts of the group's slots.
     *
     * @param group the group's name
     * @return its distributor
     * @throws NoSuchGroupException   if the engine has no such group
     * @throws EngineClosedException  if the engine was closed
     */
    public Distributor distributor(String group) {
        Objects.requireNonNull(group, "group name");
        if (state >= STOPPING) {
            throw new EngineClosedException("engine '" + name + "' is closed: no distributor for group '" + group + "'");
        }
        Group g = groups.get(group);
        if (g == null) {
            throw new NoSuchGroupException(name, group, groups.keySet());
        }
        return g.distributor();
    }

    /** @return how many dead letters the engine has produced */
    public long deadLetterCount() {
        return deadLetters.count();
    }

    /** @return true between {@link #start()} and {@link #shutdown()} */
    public boolean isRunning() {
        return state == RUNNING;
    }

    /** @return true once every thread the engine started has ended */
    public boolean isTerminated() {
        return state == TERMINATED;
    }

    /**
     * A snapshot of every slot: group, index, state, backlog and counters.
     *
     * @return one entry per slot, groups in definition order
     */
    public List<SlotInfo> slots() {
        List<SlotInfo> out = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                out.add(new SlotInfo(g.name(), s.index, s.state(), s.ring.backlog(), s.handled(), s.failures()));
            }
        }
        return out;
    }

    /**
     * Stops accepting sends and lets every slot drain what it accepted; returns at once. Idempotent.
     */
    public void shutdown() {
        synchronized (lifecycle) {
            if (state == NEW) {
                state = TERMINATED;
                return;
            }
            if (state != RUNNING) {
                return;
            }
            state = STOPPING;
            for (Group g : groups.values()) {
                g.close();
            }
        }
    }

    /**
     * Waits for the slots to drain and their threads to end, then completes every ask still pending
     * with {@link EngineClosedException} and stops the ask timer.
     *
     * @param timeout how long to wait at most
     * @return true if the engine terminated
     * @throws IllegalStateException if {@link #shutdown()} was not called
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (state == RUNNING || state == NEW) {
            throw new IllegalStateException("engine '" + name + "': call shutdown() before awaitTermination()");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                Thread t = s.thread();
                if (t != null) {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        t.join(Math.max(1, left / 1_000_000));
                    }
                    if (t.isAlive()) {
                        return false;
                    }
                }
            }
        }
        synchronized (lifecycle) {
            if (state != TERMINATED) {
                timer.stop();
                int failed = timer.failAll(new EngineClosedException("engine '" + name
                        + "' closed before the ask was answered"));
                if (failed > 0) {
                    LOG.log(Level.DEBUG, "engine ''{0}'': {1} asks were still unanswered at close", name, failed);
                }
                state = TERMINATED;
            }
        }
        return true;
    }

    /**
     * {@link #shutdown()}, then {@link #awaitTermination(Duration)} up to the close timeout. If a
     * handler is stuck past it, the stuck slots are named in a warning, their threads are
     * interrupted, and close returns; {@link #isTerminated()} then stays false until they end.
     */
    @Override
    public void close() {
        shutdown();
        boolean done;
        try {
            done = awaitTermination(Duration.ofNanos(closeTimeoutNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!done) {
            List<String> stuck = new ArrayList<>();
            for (Group g : groups.values()) {
                for (Slot s : g.slots()) {
                    Thread t = s.thread();
                    if (t != null && t.isAlive()) {
                        stuck.add(s.toString());
                        t.interrupt();
                    }
                }
            }
            LOG.log(Level.WARNING, "engine ''{0}'' gave up waiting {1} for stuck slots: {2}", name,
                    Duration.ofNanos(closeTimeoutNanos), stuck);
        }
    }

    // ---- for the engine's own classes ------------------------------------------------------------

    void checkSending(String group) {
        int s = state;
        if (s == RUNNING) {
            return;
        }
        if (s == NEW) {
            throw new IllegalStateException("engine '" + name + "' is not started: call start() before sending to group '"
                    + group + "'");
        }
        throw new EngineClosedException("engine '" + name + "' is closed: cannot send to group '" + group + "'");
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    Group group(String group) {
        Group g = groups.get(group);
        if (g == null) {
            throw new NoSuchGroupException(name, group, groups.keySet());
        }
        return g;
    }

    AskTimer timer() {
        return timer;
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    long askTimeoutNanos() {
        return askTimeoutNanos;
    }

    @Override
    public String toString() {
        return "Engine[" + name + ", groups=" + groups.keySet() + "]";
    }

    /**
     * Builds an {@link Engine}. Every setter checks its argument at once.
     */
    public static final class Builder {
        /** The ask timeout when none is set. */
        public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(10);
        /** How long {@link Engine#close()} waits for slots to drain when not set. */
        public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

        private String name;
        private final List<GroupSpec<?>> groups = new ArrayList<>();
        private DeadLetterListener deadLetters;
        private LongSupplier clock = System::nanoTime;
        private long askTimeoutNanos = DEFAULT_ASK_TIMEOUT.toNanos();
        private long closeTimeoutNanos = DEFAULT_CLOSE_TIMEOUT.toNanos();
        private long timerTickNanos = 1_000_000;
        private ThreadFactory threadFactory;

        private Builder() {
        }

        /**
         * @param name the engine's name; default {@code rampart@<hash>}
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "engine name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("engine name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Adds a group.
         *
         * @param spec the group's definition
         * @return this builder
         * @throws IllegalArgumentException if a group of that name was already added
         */
        public Builder group(GroupSpec<?> spec) {
            Objects.requireNonNull(spec, "group spec");
            for (GroupSpec<?> g : groups) {
                if (g.name.equals(spec.name)) {
                    throw new IllegalArgumentException("group '" + spec.name + "' is already defined in engine '"
                            + (name != null ? name : "(unnamed)") + "'");
                }
            }
            groups.add(spec);
            return this;
        }

        /**
         * @param listener receives every dead letter; default: the first few are logged as warnings
         * @return this builder
         */
        public Builder deadLetters(DeadLetterListener listener) {
            this.deadLetters = Objects.requireNonNull(listener, "dead letter listener");
            return this;
        }

        /**
         * @param timeout the timeout of asks that do not give one; positive; default 10 s
         * @return this builder
         */
        public Builder askTimeout(Duration timeout) {
            this.askTimeoutNanos = positive(timeout, "ask timeout");
            return this;
        }

        /**
         * @param timeout how long {@link Engine#close()} waits for slots to drain; positive; default 30 s
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeoutNanos = positive(timeout, "close timeout");
            return this;
        }

        /**
         * @param tick how often the ask timer looks for expired asks (their precision); positive;
         *             default 1 ms
         * @return this builder
         */
        public Builder timerTick(Duration tick) {
            this.timerTickNanos = positive(tick, "timer tick");
            return this;
        }

        /**
         * The engine's time source, in nanoseconds, for ask deadlines. Tests pass a manual clock to
         * make timeouts exact.
         *
         * @param nanoClock a monotonic nanosecond clock; default {@link System#nanoTime()}
         * @return this builder
         */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "clock");
            return this;
        }

        /**
         * @param factory makes the engine's threads (one per slot, one for the ask timer); default:
         *                daemon threads. The engine names the threads it gets.
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "thread factory");
            return this;
        }

        /** @return the engine, not started */
        public Engine build() {
            return new Engine(this);
        }

        private static long positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d.toNanos();
        }
    }
}
