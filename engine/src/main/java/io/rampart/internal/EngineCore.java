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
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <h2>Groups and supervisors added and removed at run time</h2>
 * The lock discipline, and why:
 * <ul>
 * <li>{@link #lock} also guards the tree's shape: the name maps, the names reserved by an add in
 *     progress, and every launch. Adds, removals, start and shutdown are thus serialized, so a close
 *     always sees (and closes) every group whose threads were launched, a name is never taken twice,
 *     and a removal never races the launch of the group it removes. It is held only for short,
 *     non-blocking steps: an add launches its threads under it, then waits for their first handlers
 *     <b>without</b> it (a handler factory is user code), then takes it again to make the group
 *     visible; a removal closes the rings under it and joins the threads without it.</li>
 * <li>The supervision lock ({@code Supervision}) guards the tree's children lists and every decision.
 *     Order: this lock, then supervision's, never the other way (supervision never calls up here, and
 *     emits its events after releasing its lock), so the two cannot deadlock.</li>
 * <li>Readers take no lock: {@link #groups} and {@link #supervisors} are immutable maps replaced
 *     whole under the lock (copy on write: changes are rare, reads are snapshots and scrapes).</li>
 * <li>The send path learns of nothing: a {@code Distributor} holds its group directly. A removal marks
 *     the group removed, then closes its rings; a send then meets the closed ring it already handles
 *     (as at shutdown) and its refusal, worded on that cold path, is {@code GroupRemovedException}.
 *     No lock, no volatile read and no allocation is added to an accepted send.</li>
 * </ul>
 * Threads: every group whose slots were launched is in {@link #launched} until its threads are
 * joined, by the removal that took it out, or by close, which also closes it (an add in progress
 * included) and counts it toward termination like any other.
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
    /** The visible groups by name, in the order they were added; replaced whole under the lock. */
    private volatile Map<String, Group> groups = Map.of();
    /** The supervisors by name, root included; replaced whole under the lock. */
    private volatile Map<String, SupervisorNode> supervisors;
    /** Names taken by adds in progress (launched, not yet visible); under the lock. */
    private final Set<String> reservedGroups = new HashSet<>();
    private final Set<String> reservedSupervisors = new HashSet<>();
    /**
     * Every group whose slot threads were launched and are not yet joined: visible ones, ones being
     * added, removed ones still draining (or removed from an engine thread, left for close to join).
     */
    private final Set<Group> launched = ConcurrentHashMap.newKeySet();
    /** Stall watches of groups added while running (a group built with the engine is in the start-time watch). */
    private final Map<Group, StallWatch> addedWatches = new ConcurrentHashMap<>();
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
        this.supervisors = Map.of("root", root);
    }

    // ---- the tree: built with the engine, grown and pruned at run time -------------------------

    /** @return the root supervisor, parent of the first level of groups and supervisors */
    public SupervisorNode root() {
        return root;
    }

    /** @return a new, empty subtree to fill and then {@link #attach} */
    public Subtree subtree() {
        return new Subtree();
    }

    /**
     * Groups and supervisors to add in one step, built off-line: its groups are made (rings and all)
     * before any lock is taken, and nothing of it is reachable until {@link #attach} links it in.
     */
    public final class Subtree {
        /** The parent index of a subtree's top members: the supervisor named at {@link #attach}. */
        public static final int TOP = -1;
        private final List<Entry> entries = new ArrayList<>();

        /** A group (group != null) or a supervisor, under the entry at {@code parent} (or TOP). */
        private record Entry(int parent, Group group, String name, SupervisionStrategy strategy, int maxRestarts,
                             long withinNanos) {
        }

        private Subtree() {
        }

        /**
         * @param parent TOP, or what {@link #supervisor} returned for its supervisor
         * @param spec   the group's definition
         */
        public void group(int parent, GroupSpec<?, ?> spec) {
            entries.add(new Entry(parent, new Group(EngineCore.this, supervision::onFailure, spec), null, null, 0, 0));
        }

        /**
         * @param parent      TOP, or what an earlier call returned for its supervisor
         * @param name        the supervisor's name
         * @param strategy    its strategy
         * @param maxRestarts its restart intensity (negative: unlimited)
         * @param withinNanos its intensity period
         * @return its index, the parent of its children
         */
        public int supervisor(int parent, String name, SupervisionStrategy strategy, int maxRestarts,
                              long withinNanos) {
            entries.add(new Entry(parent, null, name, strategy, maxRestarts, withinNanos));
            return entries.size() - 1;
        }

        /** @return its groups, in order */
        public List<Group> groups() {
            List<Group> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.group != null) {
                    out.add(e.group);
                }
            }
            return out;
        }

        private List<String> supervisorNames() {
            List<String> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.group == null) {
                    out.add(e.name);
                }
            }
            return out;
        }

        /** Links it in under {@code parent}: under the engine's lock, the supervision lock taken inside. */
        private void linkUnder(SupervisorNode parent) {
            List<SupervisorNode> made = new ArrayList<>();
            List<Supervised> top = new ArrayList<>();
            Map<String, Group> g = new LinkedHashMap<>(groups);
            Map<String, SupervisorNode> sv = new LinkedHashMap<>(supervisors);
            for (Entry e : entries) {
                SupervisorNode under = e.parent == TOP ? parent : made.get(e.parent);
                Supervised member;
                if (e.group != null) {
                    member = e.group;
                    g.put(e.group.name(), e.group);
                    made.add(null);
                } else {
                    SupervisorNode node = new SupervisorNode(e.name, e.strategy, e.maxRestarts, e.withinNanos, under);
                    member = node;
                    sv.put(e.name, node);
                    made.add(node);
                }
                if (e.parent == TOP) {
                    top.add(member);
                } else {
                    under.children.add(member); // not reachable yet: the attach below publishes it
                }
            }
            supervision.attach(parent, top);
            groups = Collections.unmodifiableMap(g);
            supervisors = Collections.unmodifiableMap(sv);
        }

        String describe() {
            List<String> what = new ArrayList<>();
            for (Entry e : entries) {
                if (e.parent == TOP) {
                    what.add(e.group != null ? e.group.describe() : "supervisor '" + e.name + "'");
                }
            }
            return String.join(", ", what);
        }
    }

    /**
     * Adds a subtree under supervisor {@code parentName}. Before start it is only linked in; from start
     * on its slots' threads are launched and their first handlers awaited (like {@link #start()}, and
     * without the lock), and only then is it linked in and visible. A handler factory that fails, a
     * close meanwhile, or an interrupt leaves it out: its threads are stopped and joined, and this throws.
     *
     * @param parentName the supervisor to add it under
     * @param tree       what to add
     * @param announce   emit a {@code GroupAdded} event per group (not for the groups an engine is built with)
     * @throws IllegalArgumentException if there is no such supervisor, or a name is taken
     * @throws EngineClosedException    if the engine is closed, or closed during the add
     * @throws RampartException         if a handler factory failed (its failure is the cause)
     */
    public void attach(String parentName, Subtree tree, boolean announce) {
        List<Group> added = tree.groups();
        List<String> addedSupervisors = tree.supervisorNames();
        SupervisorNode parent;
        Throwable failure = null;
        boolean builtOnly = false;
        synchronized (lock) {
            if (isClosed()) {
                throw new EngineClosedException("engine '" + name + "' is closed: cannot add " + tree.describe());
            }
            parent = supervisors.get(parentName);
            if (parent == null || reservedSupervisors.contains(parentName)) {
                throw new IllegalArgumentException("engine '" + name + "' has no supervisor '" + parentName
                        + "' to add " + tree.describe() + " under; its supervisors are " + supervisors.keySet());
            }
            checkNewNames(tree, parentName, added, addedSupervisors);
            if (state == State.NEW) {
                tree.linkUnder(parent); // built only: start() launches it with the others
                builtOnly = true;
            } else {
                added.forEach(g -> reservedGroups.add(g.name()));
                reservedSupervisors.addAll(addedSupervisors);
                try {
                    for (Group g : added) {
                        launchSlots(g);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
        }
        if (builtOnly) {
            announce(announce, added, parentName);
            return;
        }
        if (failure == null) {
            failure = awaitStarted(added);
        }
        boolean linked = false;
        synchronized (lock) {
            added.forEach(g -> reservedGroups.remove(g.name()));
            addedSupervisors.forEach(reservedSupervisors::remove);
            if (failure == null && !isClosed() && supervisors.get(parentName) != parent) {
                failure = new IllegalStateException("engine '" + name + "': supervisor '" + parentName
                        + "' was removed while " + tree.describe() + " was being added under it");
            }
            if (failure == null && !isClosed()) {
                tree.linkUnder(parent);
                linked = true;
                if (state == State.RUNNING) { // while STARTING, start() makes the watch over every group
                    for (Group g : added) {
                        StallWatch watch = StallWatch.of(List.of(g), scheduler, supervisionEvents);
                        if (watch != null) {
                            addedWatches.put(g, watch);
                            watch.start();
                        }
                    }
                    ResizeWatch.startAll(added, scheduler, this); // likewise for resizers
                }
            }
        }
        if (linked) {
            announce(announce, added, parentName);
            return;
        }
        // Not added: nothing was sent to it (it was never visible); stop what started, and join it
        // unless the engine is closing, whose close owns every launched thread (and may be waiting on
        // a factory that has not returned: this caller need not wait for it too).
        added.forEach(Group::close);
        if (!isClosed()) {
            joinOrLeave(added, System.nanoTime() + closeTimeoutNanos);
        }
        if (failure == null) {
            throw new EngineClosedException("engine '" + name + "' was closed while adding " + tree.describe());
        }
        throw failure instanceof RampartException r ? r : new RampartException("engine '" + name + "': could not add "
                + tree.describe() + ": " + failure, failure);
    }

    private void announce(boolean announce, List<Group> added, String parentName) {
        if (announce) {
            for (Group g : added) {
                supervisionEvents.emit(new SupervisionEvent.GroupAdded(name, g.name(), parentName));
            }
        }
    }

    /** Under the lock: every name of the subtree is new in it and in the engine (adds in progress included). */
    private void checkNewNames(Subtree tree, String parentName, List<Group> added, List<String> addedSupervisors) {
        Set<String> seen = new HashSet<>();
        for (Group g : added) {
            if (!seen.add(g.name())) {
                throw new IllegalArgumentException("group '" + g.name() + "' is defined twice in engine '" + name + "'");
            }
            Group existing = groups.get(g.name());
            if (existing != null || reservedGroups.contains(g.name())) {
                SupervisorNode at = existing != null ? supervision.parentOf(existing) : null; // lock order: ours, then its
                throw new IllegalArgumentException("engine '" + name + "' already has a group '" + g.name() + "'"
                        + (at != null ? " (under supervisor '" + at.name + "')" : " (being added)")
                        + ": cannot add another under supervisor '" + parentName
                        + "'; a name can be reused once its group is removed");
            }
        }
        seen.clear();
        for (String sv : addedSupervisors) {
            if (!seen.add(sv)) {
                throw new IllegalArgumentException("supervisor '" + sv + "' is defined twice in engine '" + name + "'");
            }
            SupervisorNode existing = supervisors.get(sv);
            if (existing != null || reservedSupervisors.contains(sv)) {
                throw new IllegalArgumentException("engine '" + name + "' already has a supervisor '" + sv + "'"
                        + (existing != null && existing.parent != null ? " (under supervisor '" + existing.parent.name + "')"
                        : existing != null ? " (the root)" : " (being added)")
                        + ": cannot add another under supervisor '" + parentName
                        + "'; a name can be reused once its supervisor is removed");
            }
        }
    }

    /**
     * Removes a group: see {@code Engine.removeGroup}.
     *
     * @return true once it drained and its threads were joined; false when that is left to close
     */
    public boolean removeGroup(String groupName) {
        Group g;
        SupervisorNode parent;
        synchronized (lock) {
            if (isClosed()) {
                throw new EngineClosedException("engine '" + name + "' is closed: cannot remove group '" + groupName + "'");
            }
            g = groups.get(groupName);
            if (g == null) {
                throw new NoSuchGroupException(name, groupName, groups.keySet());
            }
            parent = supervision.detach(g);
            retire(List.of(g));
        }
        supervisionEvents.emit(new SupervisionEvent.GroupRemoved(name, groupName, parent.name));
        return finishRemoval(List.of(g));
    }

    /**
     * Removes a supervisor and its subtree: see {@code Engine.removeSupervisor}.
     *
     * @return true once every group of it drained and its threads were joined; false when that is left to close
     */
    public boolean removeSupervisor(String supervisorName) {
        List<Group> removed;
        List<String> parents = new ArrayList<>();
        synchronized (lock) {
            if (isClosed()) {
                throw new EngineClosedException("engine '" + name + "' is closed: cannot remove supervisor '"
                        + supervisorName + "'");
            }
            SupervisorNode node = supervisors.get(supervisorName);
            if (node == root) {
                throw new IllegalArgumentException("engine '" + name + "': the root supervisor cannot be removed");
            }
            if (node == null) {
                throw new IllegalArgumentException("engine '" + name + "' has no supervisor '" + supervisorName
                        + "'; its supervisors are " + supervisors.keySet());
            }
            removed = supervision.groupsUnder(node);
            for (Group g : removed) {
                parents.add(supervision.parentOf(g).name);
            }
            supervision.detach(node);
            Map<String, SupervisorNode> sv = new LinkedHashMap<>(supervisors);
            dropSupervisors(node, sv);
            supervisors = Collections.unmodifiableMap(sv);
            retire(removed);
        }
        for (int i = 0; i < removed.size(); i++) {
            supervisionEvents.emit(new SupervisionEvent.GroupRemoved(name, removed.get(i).name(), parents.get(i)));
        }
        return finishRemoval(removed);
    }

    /** Under the lock, with {@code node} detached (no one else walks it): its subtree's names are free again. */
    private static void dropSupervisors(SupervisorNode node, Map<String, SupervisorNode> sv) {
        sv.remove(node.name);
        for (Supervised c : node.children) {
            if (c instanceof SupervisorNode n) {
                dropSupervisors(n, sv);
            }
        }
    }

    /**
     * Under the lock, the groups already detached from the tree: they refuse sends from now on
     * (removed, then their rings closed, in that order: a sender that meets a closed ring finds the
     * group removed), leave the name map, and their slots drain what they accepted.
     */
    private void retire(List<Group> removed) {
        Map<String, Group> g = new LinkedHashMap<>(groups);
        for (Group group : removed) {
            group.markRemoved();
            g.remove(group.name());
            StallWatch watch = addedWatches.remove(group);
            if (watch != null) {
                watch.stop();
            }
            group.close();
        }
        groups = Collections.unmodifiableMap(g);
    }

    /**
     * After a removal: on an engine thread (a handler, a listener), return at once, as close() does,
     * leaving the removed threads to end after the caller returns and to be joined at close. Elsewhere,
     * wait up to the close timeout for the drain and join the threads; a slot still stuck in its
     * handler then is given up on as close() would (abandoned, interrupted; its thread is joined at
     * close).
     */
    private boolean finishRemoval(List<Group> removed) {
        if (isEngineThread(Thread.currentThread())) {
            return false;
        }
        boolean joined = joinOrLeave(removed, System.nanoTime() + closeTimeoutNanos);
        if (!joined) {
            List<SupervisionEvent> abandoned = new ArrayList<>();
            List<String> stuck = new ArrayList<>();
            abandonStuck(removed, stuck, abandoned);
            LOG.log(Level.WARNING, "engine ''{0}'' gave up after {1} on stuck slots of removed groups: {2}", name,
                    Duration.ofNanos(closeTimeoutNanos), stuck);
            supervisionEvents.emitAll(abandoned);
        }
        pruneRetired();
        return joined;
    }

    /**
     * Past a close deadline: gives up on every slot of {@code these} (slots a resize removed and that
     * still drain included) whose thread is still alive and not yet given up on: supervision forgets
     * it, its thread is interrupted and termination stops waiting for it. The caller logs {@code stuck}
     * and emits {@code abandoned} once it holds no lock.
     */
    private void abandonStuck(Collection<Group> these, List<String> stuck, List<SupervisionEvent> abandoned) {
        for (Group g : these) {
            for (Slot s : g.allSlots()) {
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
    }

    /**
     * Joins the slot threads of {@code these} until {@code deadline}; the groups whose threads are all
     * joined leave {@link #launched}. Never called on an engine thread.
     *
     * @return whether every one was joined
     */
    private boolean joinOrLeave(List<Group> these, long deadline) {
        boolean all = true;
        for (Group g : these) {
            boolean joined = true;
            for (Slot s : g.allSlots()) {
                Thread t = s.thread();
                if (t != null && !Termination.joinUninterruptibly(t, deadline)) {
                    joined = false;
                }
            }
            if (joined) {
                launched.remove(g);
            }
            all &= joined;
        }
        return all;
    }

    /**
     * Groups removed earlier from an engine thread (or given up on) whose threads have ended since: joined
     * now (at once) and forgotten, so an engine whose handlers add and remove groups does not keep them
     * all until close.
     */
    private void pruneRetired() {
        synchronized (lock) { // not while a launch is half done: see launchSlots
            pruneRetiredLocked();
        }
    }

    private void pruneRetiredLocked() {
        Map<String, Group> visible = groups;
        for (Group g : launched) {
            if (visible.get(g.name()) == g) {
                continue;
            }
            boolean ended = true;
            for (Slot s : g.allSlots()) {
                Thread t = s.thread();
                ended &= t == null || !t.isAlive();
            }
            if (ended && !reservedGroups.contains(g.name())) {
                joinOrLeave(List.of(g), System.nanoTime()); // every thread ended: no wait
            }
        }
    }

    /**
     * @param supervisorName a supervisor's name
     * @return the groups under it, depth first
     * @throws IllegalArgumentException if there is no such supervisor
     */
    public List<Group> groupsUnder(String supervisorName) {
        SupervisorNode node = supervisors.get(supervisorName);
        if (node == null) {
            throw new IllegalArgumentException("engine '" + name + "' has no supervisor '" + supervisorName
                    + "'; its supervisors are " + supervisors.keySet());
        }
        return supervision.groupsUnder(node);
    }

    /** @return the groups by name, in the order they were added: a snapshot, unchanged by later adds and removals */
    public Map<String, Group> groups() {
        return groups;
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
                    launchSlots(g);
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

    /**
     * Under the lock: launches a group's slot threads, each counted toward termination before it runs.
     * The group joins {@link #launched} first, so a close from here on closes it and joins its threads.
     */
    private void launchSlots(Group g) {
        launched.add(g);
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
        return awaitStarted(groups.values());
    }

    private Throwable awaitStarted(Collection<Group> these) {
        try {
            for (Group g : these) {
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
            // Every group that has threads: the visible ones, adds in progress, removed ones still draining.
            for (Group g : launched) {
                g.close();
            }
        }
        StallWatch watch = stallWatch;
        if (watch != null) {
            watch.stop();
        }
        addedWatches.values().forEach(StallWatch::stop);
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
        abandonStuck(launched, stuck, abandoned);
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

    /** Every thread the engine started and has not joined yet: slots (of removed groups too), the ask timer, its own scheduler's. */
    private List<Thread> threads() {
        List<Thread> out = new ArrayList<>();
        for (Group g : launched) {
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
