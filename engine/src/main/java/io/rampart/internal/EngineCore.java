package io.rampart.internal;

import io.rampart.DeadLetterListener;
import io.rampart.EngineClosedException;
import io.rampart.GroupHealth;
import io.rampart.GroupMetrics;
import io.rampart.GroupSpec;
import io.rampart.NoSuchGroupException;
import io.rampart.RampartException;
import io.rampart.Scheduler;
import io.rampart.SlotInfo;
import io.rampart.SupervisionEvent;
import io.rampart.SupervisionListener;
import io.rampart.SupervisionStrategy;
import io.rampart.SupervisorInfo;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What runs behind an engine: its groups and supervision tree, its threads, its life cycle and its
 * termination. Like Agrona's {@code AgentRunner}, it owns the threads it starts, their errors and a
 * close with a deadline; the public {@code Engine} is a front door that checks its input and
 * delegates here. Groups see it only as {@link Core}.
 *
 * <h2>Life cycle</h2>
 * One state machine, {@link State}, that only moves forward. {@link #lock} guards its changes and the
 * thread launches; it is never held while user code runs or while waiting. Termination is counted by
 * {@link Termination}, not waited for under the lock, so it completes from whichever thread finishes
 * last and no thread ever waits for itself.
 */
public final class EngineCore implements Core {
    private static final System.Logger LOG = System.getLogger(EngineCore.class.getName());

    /** The engine's life, in order; it only moves forward. */
    public enum State {
        /** Built, not started: sends are refused with {@link IllegalStateException}. */
        NEW,
        /** Threads launched, waiting for every slot's first handler. */
        STARTING,
        /** Accepting sends. */
        RUNNING,
        /** Not accepting sends; slots drain, pending asks complete, threads end. */
        STOPPING,
        /** Every thread the engine started has ended. */
        TERMINATED
    }

    private final String name;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final DeadLetters deadLetters;
    private final SupervisionEvents supervisionEvents;
    private final Scheduler scheduler;
    /** The scheduler the engine made and must stop, or null when the user gave one. */
    private final SystemScheduler ownScheduler;
    private final Supervision supervision;
    private final SupervisorNode root;
    private final AskTimer timer;
    private final long closeTimeoutNanos;
    private final ThreadFactory threadFactory;
    private final Object lock = new Object();
    private volatile State state = State.NEW;
    private final Termination termination = new Termination(this::isClosed, this::stopTimer, this::terminate);
    /**
     * Set once close() has given up on stuck slots: a later close() (a supervision listener's, on the
     * closing thread, or another caller's) returns at once instead of waiting out the timeout again.
     */
    private volatile boolean gaveUp;
    /** Stall detection, if a group asked for it; set once, at start. */
    private volatile StallWatch stallWatch;

    /**
     * @param name             the engine's name
     * @param deadLetters      receives every dead letter, or null for the default (log the first few)
     * @param supervisionEvents receives every supervision event, or null
     * @param scheduler        the user's scheduler, or null for one the engine makes and stops
     * @param threadFactory    makes the engine's threads, or null for daemon threads
     * @param timerTickNanos   the ask timer's tick
     * @param closeTimeoutNanos how long close waits for the slots to drain
     * @param rootStrategy     the root supervisor's strategy
     * @param rootMaxRestarts  the root's restart intensity (negative: unlimited)
     * @param rootWithinNanos  the root's intensity period
     */
    public EngineCore(String name, DeadLetterListener deadLetters, SupervisionListener supervisionEvents,
                      Scheduler scheduler, ThreadFactory threadFactory,
                      long timerTickNanos, long closeTimeoutNanos, SupervisionStrategy rootStrategy,
                      int rootMaxRestarts, long rootWithinNanos) {
        this.name = name;
        this.deadLetters = new DeadLetters(name, deadLetters);
        this.supervisionEvents = new SupervisionEvents(name, supervisionEvents);
        this.closeTimeoutNanos = closeTimeoutNanos;
        this.threadFactory = threadFactory != null ? threadFactory : r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
        if (scheduler != null) {
            this.scheduler = scheduler;
            this.ownScheduler = null;
        } else {
            this.ownScheduler = new SystemScheduler(this.threadFactory, name + "-scheduler");
            this.scheduler = ownScheduler;
        }
        this.timer = new AskTimer(this.scheduler::nanoTime, timerTickNanos, this::timerExited);
        this.root = new SupervisorNode("root", rootStrategy, rootMaxRestarts, rootWithinNanos, null);
        this.supervision = new Supervision(this.scheduler, root, this.supervisionEvents);
    }

    // ---- building the tree (before start, on the building thread) -------------------------------

    /** @return the root supervisor, parent of the first level of groups and supervisors */
    public SupervisorNode root() {
        return root;
    }

    /**
     * Adds a group under {@code parent}.
     *
     * @param parent its supervisor
     * @param spec   its definition; its name must be new in this engine
     * @return the group
     */
    public Group addGroup(SupervisorNode parent, GroupSpec<?, ?> spec) {
        if (groups.containsKey(spec.name())) {
            throw new IllegalArgumentException("group '" + spec.name() + "' is defined twice in engine '" + name + "'");
        }
        Group group = new Group(this, supervision::onFailure, spec);
        groups.put(spec.name(), group);
        parent.children.add(group);
        return group;
    }

    /**
     * Adds a supervisor under {@code parent}.
     *
     * @param parent      its supervisor
     * @param name        its name (the caller checks it is new)
     * @param strategy    its strategy
     * @param maxRestarts its restart intensity (negative: unlimited)
     * @param withinNanos its intensity period
     * @return the supervisor
     */
    public SupervisorNode addSupervisor(SupervisorNode parent, String name, SupervisionStrategy strategy,
                                        int maxRestarts, long withinNanos) {
        SupervisorNode node = new SupervisorNode(name, strategy, maxRestarts, withinNanos, parent);
        parent.children.add(node);
        return node;
    }

    /** @return the groups by name, in definition order */
    public Map<String, Group> groups() {
        return Collections.unmodifiableMap(groups);
    }

    /**
     * @param group a group's name
     * @return the group
     * @throws NoSuchGroupException if there is none of that name
     */
    public Group group(String group) {
        Group g = groups.get(group);
        if (g == null) {
            throw new NoSuchGroupException(name, group, groups.keySet());
        }
        return g;
    }

    // ---- the life cycle ------------------------------------------------------------------------

    /** @return where the engine is in its life */
    public State state() {
        return state;
    }

    /** @return whether shutdown has begun (or the engine terminated) */
    public boolean isClosed() {
        State s = state;
        return s == State.STOPPING || s == State.TERMINATED;
    }

    /** See {@code Engine.start()}: launches every thread, waits for every first handler. */
    public void start() {
        Throwable failure = null;
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("engine '" + name + "' was already "
                        + (isClosed() ? "closed" : "started"));
            }
            state = State.STARTING;
            try {
                launch(timer::startOn, timer, name + "-ask-timer");
                for (Group g : groups.values()) {
                    for (Slot s : g.slots()) {
                        termination.slotLaunched();
                        try {
                            launch(s::startOn, s, name + "-" + g.name() + "-" + s.index());
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
            synchronized (lock) {
                if (state == State.STARTING) {
                    state = State.RUNNING;
                    StallWatch watch = StallWatch.of(groups.values(), scheduler, supervisionEvents);
                    if (watch != null) {
                        stallWatch = watch;
                        watch.start();
                    }
                    ResizeWatch.startAll(groups.values(), scheduler, this);
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

    /** See {@code Engine.shutdown()}: stop accepting, let every slot drain. Idempotent, any thread. */
    public void shutdown() {
        synchronized (lock) {
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
        StallWatch watch = stallWatch;
        if (watch != null) {
            watch.stop();
        }
        termination.closing();
    }

    /**
     * See {@code Engine.awaitTermination}: waits for every thread to end, and joins them.
     *
     * @param timeoutNanos how long to wait at most
     * @return true if the engine terminated
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
        if (!isClosed()) {
            throw new IllegalStateException("engine '" + name + "': call shutdown() before awaitTermination()");
        }
        if (isEngineThread(Thread.currentThread())) {
            throw new IllegalStateException("engine '" + name + "': awaitTermination() called on the engine's own thread "
                    + Thread.currentThread().getName() + ", which can only end after the call returns");
        }
        return termination.await(this::threads, System.nanoTime() + timeoutNanos);
    }

    /** See {@code Engine.close()}: shutdown, wait up to the close timeout, give up on stuck slots. */
    public void close() {
        shutdown();
        if (isEngineThread(Thread.currentThread()) || gaveUp) {
            return; // a thread cannot join itself: the shutdown is started, the caller's slot drains after
        }
        long deadline = System.nanoTime() + closeTimeoutNanos;
        if (termination.awaitUninterruptibly(this::threads, deadline)) {
            return;
        }
        List<String> stuck = new ArrayList<>();
        List<SupervisionEvent> abandoned = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.allSlots()) { // slots removed by a resize and still draining too
                Thread t = s.thread();
                if (t != null && t.isAlive() && s.markOut()) {
                    stuck.add(s.toString());
                    abandoned.add(new SupervisionEvent.SlotAbandoned(name, g.name(), s.index));
                    supervision.abandon(s);
                    t.interrupt();
                    termination.slotOut();
                }
            }
        }
        // The timer now fails what is pending and ends; give it (and the scheduler) a short grace.
        long grace = System.nanoTime() + Math.min(closeTimeoutNanos / 10, TimeUnit.SECONDS.toNanos(1));
        List<String> alsoStuck = new ArrayList<>();
        for (Thread t : threadsButSlots()) {
            if (!Termination.joinUninterruptibly(t, grace)) {
                alsoStuck.add(t.getName());
            }
        }
        LOG.log(Level.WARNING, "engine ''{0}'' gave up after {1} on stuck slots: {2}{3}", name,
                Duration.ofNanos(closeTimeoutNanos), stuck,
                alsoStuck.isEmpty() ? "" : "; threads still running a callback: " + alsoStuck);
        gaveUp = true;
        supervisionEvents.emitAll(abandoned); // last: a listener that calls close() finds gaveUp set
    }

    /** Every thread the engine started: slots, the ask timer, its own scheduler's. */
    private List<Thread> threads() {
        List<Thread> out = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.allSlots()) { // slots removed by a resize and still draining too
                if (s.thread() != null) {
                    out.add(s.thread());
                }
            }
        }
        out.addAll(threadsButSlots());
        return out;
    }

    private List<Thread> threadsButSlots() {
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

    // ---- termination: counted (see Termination), never waited for while holding a lock ----------

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
        synchronized (lock) {
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

    // ---- what the engine reports ----------------------------------------------------------------

    /** @return a snapshot of every slot, groups in definition order */
    public List<SlotInfo> slotInfos() {
        List<SlotInfo> out = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Slot s : g.slots()) {
                out.add(s.info());
            }
        }
        return out;
    }

    /** @return the supervision tree, root first */
    public List<SupervisorInfo> supervisorInfos() {
        return supervision.snapshot();
    }

    /**
     * @param group a group's name
     * @return its health; see {@code Engine.health}
     * @throws NoSuchGroupException if there is none of that name
     */
    public GroupHealth health(String group) {
        return group(group).health(isClosed());
    }

    /** @return a metrics snapshot of every group, in definition order */
    public List<GroupMetrics> metrics() {
        List<GroupMetrics> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.add(g.metrics());
        }
        return out;
    }

    /** @return dead letters produced so far */
    public long deadLetterCount() {
        return deadLetters.count();
    }

    /** @return asks in flight at the timer's last tick */
    public int pendingAsks() {
        return timer.pending();
    }

    // ---- Core: what the groups see --------------------------------------------------------------

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
    public SupervisionEvents supervisionEvents() {
        return supervisionEvents;
    }

    @Override
    public void launchSlot(Slot slot, String group) {
        synchronized (lock) {
            checkSending(group); // under the lock: a shutdown either comes after (and closes it) or refuses it
            termination.slotLaunched();
            try {
                launch(slot::startOn, slot, name + "-" + group + "-" + slot.index());
            } catch (RuntimeException | Error e) {
                slot.markOut();
                termination.slotOut();
                throw e;
            }
        }
    }

    /** A slot's thread is ending (drained at close, stopped for good earlier, or a start failure). */
    @Override
    public void slotExited(Slot slot) {
        if (slot.markOut()) {
            termination.slotOut();
        }
        termination.threadEnded();
    }

    @Override
    public String toString() {
        return "Engine[" + name + ", groups=" + groups.keySet() + "]";
    }
}
