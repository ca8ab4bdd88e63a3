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
    private final Scheduler scheduler;
    /** The scheduler the engine made and must stop, or null when the user gave one. */
    private final SystemScheduler ownScheduler;
    private final Supervision supervision;
    private final AskTimer timer;
    private final long askTimeoutNanos;
    private final long closeTimeoutNanos;
    private final ThreadFactory threadFactory;
    private final Object lifecycle = new Object();
    private volatile int state = NEW;
    /** Slot threads started and not yet ended. */
    private final java.util.concurrent.atomic.AtomicInteger liveSlots = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch terminated = new java.util.concurrent.CountDownLatch(1);
    private boolean timerStopped;
    /** Guards termination apart from {@link #lifecycle}: start() holds that while slots exit. */
    private final Object termination = new Object();

    private Engine(Builder b) {
        this.name = b.name != null ? b.name : "rampart@" + Integer.toHexString(System.identityHashCode(this));
        this.deadLetters = new DeadLetters(name, b.deadLetters);
        this.askTimeoutNanos = b.askTimeoutNanos;
        this.closeTimeoutNanos = b.closeTimeoutNanos;
        this.threadFactory = b.threadFactory != null ? b.threadFactory : r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownScheduler = null;
        } else {
            this.ownScheduler = new SystemScheduler(threadFactory, name + "-scheduler");
            this.scheduler = ownScheduler;
        }
        this.timer = new AskTimer(scheduler::nanoTime, b.timerTickNanos);
        SupervisorNode root = new SupervisorNode("root", b.rootStrategy, b.rootMaxRestarts, b.rootWithinNanos, null);
        Map<String, Group> g = new LinkedHashMap<>();
        java.util.Set<String> supervisorNames = new java.util.HashSet<>(List.of("root"));
        for (Object child : b.children) {
            addChild(root, child, g, supervisorNames);
        }
        this.groups = Collections.unmodifiableMap(g);
        this.supervision = new Supervision(scheduler, root);
    }

    private void addChild(SupervisorNode parent, Object child, Map<String, Group> groups, java.util.Set<String> names) {
        if (child instanceof GroupSpec<?> spec) {
            if (groups.containsKey(spec.name)) {
                throw new IllegalArgumentException("group '" + spec.name + "' is defined twice in engine '" + name + "'");
            }
            Group group = new Group(this, spec, parent);
            groups.put(spec.name, group);
            parent.children.add(group);
        } else {
            SupervisorSpec spec = (SupervisorSpec) child;
            if (!names.add(spec.name)) {
                throw new IllegalArgumentException("supervisor '" + spec.name + "' is defined twice in engine '" + name + "'");
            }
            SupervisorNode node = new SupervisorNode(spec.name, spec.strategy, spec.maxRestarts, spec.withinNanos, parent);
            parent.children.add(node);
            for (Object c : spec.children) {
                addChild(node, c, groups, names);
            }
        }
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
            Throwable failure = null;
            try {
                Thread timerThread = threadFactory.newThread(timer);
                timerThread.setName(name + "-ask-timer");
                timer.startOn(timerThread);
                for (Group g : groups.values()) {
                    g.start(threadFactory);
                }
                for (Group g : groups.values()) {
                    Throwable f = g.awaitStarted();
                    if (failure == null) {
                        failure = f;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new RampartException("engine '" + name + "': interrupted while starting", e);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (failure == null) {
                state = RUNNING;
                return;
            }
            // Never RUNNING: no send can slip in. Stop whatever did start and join it.
            state = STOPPING;
            for (Group g : groups.values()) {
                g.close();
            }
            awaitUninterruptibly(closeTimeoutNanos);
            finishTermination();
            throw failure instanceof RampartException r ? r : new RampartException("engine '" + name
                    + "' failed to start: " + failure, failure);
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
                out.add(new SlotInfo(g.name(), s.index, s.state(), s.ring.backlog(), s.handled(), s.failures(),
                        s.restarts()));
            }
        }
        return out;
    }

    /**
     * The supervision tree, root first, each supervisor followed by its descendants.
     *
     * @return one entry per supervisor
     */
    public List<SupervisorInfo> supervisors() {
        return supervision.snapshot();
    }

    /**
     * Stops accepting sends and lets every slot drain what it accepted; returns at once. Idempotent.
     */
    public void shutdown() {
        synchronized (lifecycle) {
            if (state == NEW) {
                state = STOPPING;
                finishTermination();
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
        maybeTerminate();
    }

    /**
     * Waits until every thread the engine started has ended; by then every accepted message was
     * handled or dead-lettered and every ask completed.
     *
     * @param timeout how long to wait at most
     * @return true if the engine terminated
     * @throws IllegalStateException if {@link #shutdown()} was not called
     * @throws InterruptedException  if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (state == RUNNING || state == NEW) {
            throw new IllegalStateException("engine '" + name + "': call shutdown() before awaitTermination()");
        }
        return terminated.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * {@link #shutdown()}, then waits up to the close timeout for the slots to drain. A slot whose
     * handler is still stuck then is given up on: it is named in a warning and interrupted, every ask
     * still pending fails with {@link EngineClosedException}, and the engine's other threads are
     * joined. The stuck slot dead-letters its queue ({@link DeadLetter.Reason#ENGINE_CLOSED}) if its
     * handler ever returns; {@link #isTerminated()} becomes true when it does.
     */
    @Override
    public void close() {
        shutdown();
        if (awaitUninterruptibly(closeTimeoutNanos)) {
            return;
        }
        List<String> stuck = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                Thread t = s.thread();
                if (t != null && t.isAlive()) {
                    stuck.add(s.toString());
                    supervision.abandon(s);
                    t.interrupt();
                }
            }
        }
        LOG.log(Level.WARNING, "engine ''{0}'' gave up after {1} on stuck slots: {2}", name,
                Duration.ofNanos(closeTimeoutNanos), stuck);
        stopTimerAndFailPending();
    }

    /** Joins the slots up to a deadline, keeping the caller's interrupt for later. */
    private boolean awaitUninterruptibly(long nanos) {
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return terminated.await(Math.max(0, deadline - System.nanoTime()),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A slot thread is about to start. */
    void slotLaunched() {
        liveSlots.incrementAndGet();
    }

    /** A slot thread ended (drained at close, or stopped for good earlier). */
    void slotExited(Slot slot) {
        liveSlots.decrementAndGet();
        maybeTerminate();
    }

    private void maybeTerminate() {
        if (state == STOPPING && liveSlots.get() == 0) {
            finishTermination();
        }
    }

    /** Once: after the last slot thread, stop the timer (failing what is pending) and the scheduler. */
    private void finishTermination() {
        synchronized (termination) {
            if (state == TERMINATED) {
                return;
            }
            stopTimerAndFailPending();
            state = TERMINATED;
            terminated.countDown();
        }
    }

    private void stopTimerAndFailPending() {
        synchronized (termination) {
            if (timerStopped) {
                return;
            }
            timerStopped = true;
            boolean interrupted = false;
            while (true) {
                try {
                    timer.stop();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            int failed = timer.failAll(new EngineClosedException("engine '" + name + "' closed before the ask was answered"));
            if (failed > 0) {
                LOG.log(Level.DEBUG, "engine ''{0}'': {1} asks were still unanswered at close", name, failed);
            }
            if (ownScheduler != null) {
                ownScheduler.shutdown();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
        throw closedFor(group);
    }

    EngineClosedException closedFor(String group) {
        return new EngineClosedException("engine '" + name + "' is closed: cannot send to group '" + group + "'");
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
        return scheduler.nanoTime();
    }

    Supervision supervision() {
        return supervision;
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
        /** Groups and supervisors under the root, in order. */
        private final List<Object> children = new ArrayList<>();
        private final List<String> groupNames = new ArrayList<>();
        private DeadLetterListener deadLetters;
        private Scheduler scheduler;
        private SupervisionStrategy rootStrategy = SupervisionStrategy.ONE_FOR_ONE;
        private int rootMaxRestarts = -1;
        private long rootWithinNanos;
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
         * Adds a group under the root supervisor.
         *
         * @param spec the group's definition
         * @return this builder
         * @throws IllegalArgumentException if a group of that name was already added
         */
        public Builder group(GroupSpec<?> spec) {
            Objects.requireNonNull(spec, "group spec");
            if (groupNames.contains(spec.name)) {
                throw new IllegalArgumentException("group '" + spec.name + "' is already defined in engine '"
                        + (name != null ? name : "(unnamed)") + "'");
            }
            groupNames.add(spec.name);
            children.add(spec);
            return this;
        }

        /**
         * Adds a supervisor (with its groups and supervisors) under the root supervisor.
         *
         * @param spec the supervisor's definition
         * @return this builder
         * @throws IllegalArgumentException if a group or supervisor name is used twice (at {@link #build()})
         */
        public Builder supervisor(SupervisorSpec spec) {
            children.add(Objects.requireNonNull(spec, "supervisor spec"));
            return this;
        }

        /**
         * @param strategy the root supervisor's strategy; default {@link SupervisionStrategy#ONE_FOR_ONE}
         * @return this builder
         */
        public Builder rootStrategy(SupervisionStrategy strategy) {
            this.rootStrategy = Objects.requireNonNull(strategy, "root strategy");
            return this;
        }

        /**
         * The root supervisor's restart intensity: more restart decisions than {@code maxRestarts}
         * within {@code within} stop the group (or supervisor subtree) the last failure came through.
         * Default: unlimited.
         *
         * @param maxRestarts restart decisions allowed within the period; at least 0
         * @param within      the sliding period; positive
         * @return this builder
         */
        public Builder rootIntensity(int maxRestarts, Duration within) {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("root supervisor: max restarts must be at least 0, was " + maxRestarts);
            }
            this.rootWithinNanos = positive(within, "root supervisor intensity period");
            this.rootMaxRestarts = maxRestarts;
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
         * @param tick how often the ask timer looks for expired asks while some are in flight (their
         *             precision); ten times that while none are, so after a quiet spell a timeout may
         *             fire up to ten ticks late; positive; default 1 ms
         * @return this builder
         */
        public Builder timerTick(Duration tick) {
            this.timerTickNanos = positive(tick, "timer tick");
            return this;
        }

        /**
         * The engine's time and delayed actions: ask deadlines, restart backoffs, intensity windows.
         * Tests pass a {@link ManualScheduler} to make them exact. The engine does not stop a
         * scheduler it was given.
         *
         * @param scheduler the scheduler; default: the system clock and one daemon thread per engine
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @param factory makes the engine's threads (one per slot, one for the ask timer, one for the
         *                default scheduler); default:
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
