package io.rampart;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * for an engine that may never start. {@link #shutdown()} stops accepting sends and returns at once;
 * every slot then drains what it accepted, every ask still pending completes (with
 * {@link EngineClosedException} if no answer can come any more), and every thread the engine started
 * ends. {@link #awaitTermination(Duration)} waits for that and joins those threads;
 * {@link #close()} is both, with the close timeout.
 *
 * <h2>Closing from the engine's own threads</h2>
 * Handlers, lifecycle hooks, dead-letter listeners and a future's non-async callbacks run on the
 * engine's threads (a slot's consumer, the ask timer). A thread cannot join itself, so
 * {@code close()} called on one of them <b>starts the shutdown and returns at once</b>: the calling
 * slot finishes its own drain after the callback returns, the other threads drain and end as usual,
 * and a thread outside the engine can wait for all of it with {@link #awaitTermination(Duration)}
 * (which throws {@link IllegalStateException} if called on an engine thread, where it could only
 * wait for itself).
 */
public final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.rampart.Engine");

    /** The engine's life, in order; it only moves forward. */
    enum State { NEW, STARTING, RUNNING, STOPPING, TERMINATED }

    private final String name;
    private final Map<String, Group> groups;
    private final Map<String, Distributor> distributors;
    private final DeadLetters deadLetters;
    private final Scheduler scheduler;
    /** The scheduler the engine made and must stop, or null when the user gave one. */
    private final SystemScheduler ownScheduler;
    private final Supervision supervision;
    private final AskTimer timer;
    private final long askTimeoutNanos;
    private final long closeTimeoutNanos;
    private final ThreadFactory threadFactory;
    /** Guards state changes and thread launches; never held while user code runs or while waiting. */
    private final Object lifecycle = new Object();
    private volatile State state = State.NEW;
    private final Termination termination = new Termination(this::isClosed, this::stopTimer, this::terminate);

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
        this.timer = new AskTimer(scheduler::nanoTime, b.timerTickNanos, this::timerExited);
        SupervisorNode root = new SupervisorNode("root", b.rootStrategy, b.rootMaxRestarts, b.rootWithinNanos, null);
        this.supervision = new Supervision(scheduler, root);
        Map<String, Group> g = new LinkedHashMap<>();
        Set<String> supervisorNames = new HashSet<>(List.of("root"));
        Core core = new EngineCore();
        for (Object child : b.children) {
            addChild(core, root, child, g, supervisorNames);
        }
        this.groups = Collections.unmodifiableMap(g);
        Map<String, Distributor> d = new LinkedHashMap<>();
        g.forEach((groupName, group) -> d.put(groupName, new Distributor(group, askTimeoutNanos)));
        this.distributors = Collections.unmodifiableMap(d);
    }

    private void addChild(Core core, SupervisorNode parent, Object child, Map<String, Group> groups, Set<String> names) {
        if (child instanceof GroupSpec<?> spec) {
            if (groups.containsKey(spec.name)) {
                throw new IllegalArgumentException("group '" + spec.name + "' is defined twice in engine '" + name + "'");
            }
            Group group = new Group(core, supervision::onFailure, spec);
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
                addChild(core, node, c, groups, names);
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
     * Starts every slot and returns once each has made its first handler. The engine's lifecycle is
     * not locked while handler factories run: {@link #close()} from another thread during a slow
     * start still returns within its timeout, and this method then throws.
     *
     * @throws IllegalStateException if the engine was already started or closed
     * @throws EngineClosedException if the engine was closed while it was starting
     * @throws RampartException      if a handler factory failed; the engine is then closed
     */
    public void start() {
        Throwable failure = null;
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException("engine '" + name + "' was already "
                        + (state == State.STOPPING || state == State.TERMINATED ? "closed" : "started"));
            }
            state = State.STARTING;
            try {
                launch(timer::startOn, timer, name + "-ask-timer");
                for (Group g : groups.values()) {
                    for (Slot s : g.slots()) {
                        termination.slotLaunched();
                        try {
                            launch(s::startOn, s, name + "-" + g.name() + "-" + s.index);
                        } catch (RuntimeException | Error e) {
                            s.markOut();
                            termination.slotOut();
                            throw e;
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
        if (failure == null) {
            failure = awaitStarted();
        }
        if (failure == null) {
            synchronized (lifecycle) {
                if (state == State.STARTING) {
                    state = State.RUNNING;
                    return;
                }
            }
            throw new EngineClosedException("engine '" + name + "' was closed while it was starting");
        }
        close(); // never RUNNING: no send could slip in. Stop whatever did start and join it.
        throw failure instanceof RampartException r ? r : new RampartException("engine '" + name
                + "' failed to start: " + failure, failure);
    }

    /** Starts one engine thread, counted before it runs so its end is always seen. */
    private void launch(Consumer<Thread> starter, Runnable body, String threadName) {
        Thread t = threadFactory.newThread(body);
        if (t == null) {
            throw new RampartException("engine '" + name + "': the thread factory returned null for " + threadName);
        }
        t.setName(threadName);
        termination.threadLaunched();
        try {
            starter.accept(t);
        } catch (RuntimeException | Error e) {
            termination.threadEnded();
            throw e;
        }
    }

    /** Waits for every slot's first handler (or for a close); the first factory failure, or null. */
    private Throwable awaitStarted() {
        try {
            for (Group g : groups.values()) {
                Throwable f = g.awaitStarted();
                if (f != null) {
                    return f;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RampartException("engine '" + name + "': interrupted while starting", e);
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
        if (isClosed()) {
            throw new EngineClosedException("engine '" + name + "' is closed: no distributor for group '" + group + "'");
        }
        Distributor d = distributors.get(group);
        if (d == null) {
            throw new NoSuchGroupException(name, group, groups.keySet());
        }
        return d;
    }

    /** @return how many dead letters the engine has produced */
    public long deadLetterCount() {
        return deadLetters.count();
    }

    /**
     * @return asks sent and not yet complete, as the ask timer counted them at its last tick (at most
     *         one timer tick old; 0 before start and after termination)
     */
    public int pendingAsks() {
        return timer.pending();
    }

    /** @return true between {@link #start()} and {@link #shutdown()} */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * @return true once every thread the engine started has ended (a slot given up on at the close
     *         deadline ends when its handler returns)
     */
    public boolean isTerminated() {
        return state == State.TERMINATED;
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
     * Stops accepting sends; every slot drains what it accepted, then its thread ends. Returns at
     * once, on any thread (a handler's included). Idempotent.
     */
    public void shutdown() {
        synchronized (lifecycle) {
            switch (state) {
                case NEW -> {
                    state = State.STOPPING;
                    terminate(); // nothing was started
                    return;
                }
                case STARTING, RUNNING -> state = State.STOPPING;
                default -> {
                    return;
                }
            }
            for (Group g : groups.values()) {
                g.close();
            }
        }
        termination.closing();
    }

    /**
     * Waits until every thread the engine started has ended, and joins them; by then every accepted
     * message was handled or dead-lettered and every ask completed.
     *
     * @param timeout how long to wait at most
     * @return true if the engine terminated
     * @throws IllegalStateException if {@link #shutdown()} was not called, or if called on one of the
     *                               engine's own threads (it would wait for itself)
     * @throws InterruptedException  if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (!isClosed()) {
            throw new IllegalStateException("engine '" + name + "': call shutdown() before awaitTermination()");
        }
        if (isEngineThread(Thread.currentThread())) {
            throw new IllegalStateException("engine '" + name + "': awaitTermination() called on the engine's own thread "
                    + Thread.currentThread().getName() + ", which can only end after the call returns");
        }
        return termination.await(this::threads, System.nanoTime() + timeout.toNanos());
    }

    /**
     * {@link #shutdown()}, then waits up to the close timeout for every slot to drain and every
     * thread to end, and joins them.
     *
     * <p>A slot whose handler is still running at the deadline is given up on: it is named in a
     * warning, reported {@link SlotState#ABANDONED}, and its thread interrupted; the ask timer then
     * fails every ask still pending with {@link EngineClosedException}, and the engine's other threads
     * are joined. The abandoned slot dead-letters its queue ({@link DeadLetter.Reason#ENGINE_CLOSED})
     * if its handler ever returns; {@link #isTerminated()} becomes true when it does.
     *
     * <p>On one of the engine's own threads (a handler, a callback), this only starts the shutdown and
     * returns: see the class documentation.
     */
    @Override
    public void close() {
        shutdown();
        Thread me = Thread.currentThread();
        if (isEngineThread(me)) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeoutNanos;
        if (termination.awaitUninterruptibly(this::threads, deadline)) {
            return;
        }
        List<String> stuck = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                Thread t = s.thread();
                if (t != null && t.isAlive() && s.markOut()) {
                    stuck.add(s.toString());
                    supervision.abandon(s);
                    t.interrupt();
                    termination.slotOut();
                }
            }
        }
        // The timer now fails what is pending and ends; give it (and the scheduler) a short grace.
        long grace = System.nanoTime() + Math.min(closeTimeoutNanos / 10, TimeUnit.SECONDS.toNanos(1));
        List<String> alsoStuck = new ArrayList<>();
        for (Thread t : engineThreadsButSlots()) {
            if (!Termination.joinUninterruptibly(t, grace)) {
                alsoStuck.add(t.getName());
            }
        }
        LOG.log(Level.WARNING, "engine ''{0}'' gave up after {1} on stuck slots: {2}{3}", name,
                Duration.ofNanos(closeTimeoutNanos), stuck,
                alsoStuck.isEmpty() ? "" : "; threads still running a callback: " + alsoStuck);
    }

    /** Every thread the engine started: slots, the ask timer, its own scheduler's. */
    private List<Thread> threads() {
        List<Thread> out = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                if (s.thread() != null) {
                    out.add(s.thread());
                }
            }
        }
        out.addAll(engineThreadsButSlots());
        return out;
    }

    private List<Thread> engineThreadsButSlots() {
        List<Thread> out = new ArrayList<>();
        if (timer.thread() != null) {
            out.add(timer.thread());
        }
        if (ownScheduler != null) {
            out.addAll(ownScheduler.threads());
        }
        return out;
    }

    /** Whether {@code t} is one of the threads this engine started. */
    private boolean isEngineThread(Thread t) {
        return threads().contains(t);
    }

    private boolean isClosed() {
        State s = state;
        return s == State.STOPPING || s == State.TERMINATED;
    }

    // ---- termination: counted (see Termination), never waited for while holding a lock ----------

    /** A slot's thread is ending (drained at close, stopped for good earlier, or a start failure). */
    private void slotExited(Slot slot) {
        if (slot.markOut()) {
            termination.slotOut();
        }
        termination.threadEnded();
    }

    private void stopTimer() {
        timer.stop(() -> new EngineClosedException("engine '" + name + "' closed before the ask was answered"));
    }

    /** The timer failed what was pending and is ending: nothing will need a restart timed any more. */
    private void timerExited() {
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        termination.threadEnded();
    }

    private void terminate() {
        synchronized (lifecycle) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        termination.ended();
    }

    // ---- what the groups see of the engine ------------------------------------------------------

    /** The engine as its groups see it: nothing they could use to reach back up. */
    private final class EngineCore implements Core {
        @Override
        public String engineName() {
            return name;
        }

        @Override
        public void checkSending(String group) {
            State s = state;
            if (s == State.RUNNING) {
                return;
            }
            if (s == State.NEW || s == State.STARTING) {
                throw new IllegalStateException("engine '" + name + "' is not started: call start() before sending to group '"
                        + group + "'");
            }
            throw closedFor(group);
        }

        @Override
        public boolean isRunning() {
            return state == State.RUNNING;
        }

        @Override
        public EngineClosedException closedFor(String group) {
            return new EngineClosedException("engine '" + name + "' is closed: cannot send to group '" + group + "'");
        }

        @Override
        public long nanoTime() {
            return scheduler.nanoTime();
        }

        @Override
        public void track(Ask<?> ask) {
            timer.track(ask);
        }

        @Override
        public DeadLetters deadLetters() {
            return deadLetters;
        }

        @Override
        public void slotExited(Slot slot) {
            Engine.this.slotExited(slot);
        }
    }

    /** For tests: a group by name. */
    Group group(String group) {
        Group g = groups.get(group);
        if (g == null) {
            throw new NoSuchGroupException(name, group, groups.keySet());
        }
        return g;
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
         * How long {@link Engine#close()} waits for the slots to drain before it gives up on those
         * still stuck in a handler (then it waits a tenth of this, at most 1 s, for the ask timer to
         * fail what is pending). Measured on the system clock: it bounds real thread joins.
         *
         * @param timeout positive; default 30 s
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
