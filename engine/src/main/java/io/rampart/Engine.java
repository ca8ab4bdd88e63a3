package io.rampart;

import io.rampart.internal.EngineCore;
import io.rampart.internal.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * A Rampart engine: named groups of load-balanced workers, each worker a slot with its own ring,
 * consumer thread and handler. An engine is an ordinary object: two engines in one JVM share
 * nothing.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder()
 *         .group(UPPER)   // static final GroupSpec<String, String> UPPER =
 *                         //     GroupSpec.builder("upper", String.class).answers(String.class)
 *                         //         .redundancy(2)
 *                         //         .handler(() -> (msg, ctx) -> ctx.reply(msg.toUpperCase()))
 *                         //         .build();
 *         .build()) {
 *     engine.start();
 *     Distributor<String, String> upper = engine.distributor(UPPER);
 *     String answer = upper.askOne("hello").join();   // "HELLO"
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * {@link #start()} starts every slot's thread and returns once every slot has its first handler.
 * Sending before {@code start()} is rejected with {@link IllegalStateException}: nothing is queued
 * for an engine that may never start. Sending after {@link #shutdown()} or {@link #close()} is rejected
 * with {@link EngineClosedException}, a {@link RampartException} and <b>not</b> an
 * {@code IllegalStateException}: the two cases are told apart by type. {@link #shutdown()} stops
 * accepting sends and returns at once;
 * every slot then drains what it accepted, every ask still pending completes (with
 * {@link EngineClosedException} if no answer can come any more), and every thread the engine started
 * ends. {@link #awaitTermination(Duration)} waits for that and joins those threads;
 * {@link #close()} is both, with the close timeout, and gives up at that deadline on a slot whose
 * handler has not returned (see {@link #close()}): that slot's thread is not joined.
 *
 * <h2>Closing from the engine's own threads</h2>
 * Handlers, lifecycle hooks, dead-letter listeners and a future's non-async callbacks run on the
 * engine's threads (a slot's consumer, the ask timer). A thread cannot join itself, so
 * {@code close()} called on one of them <b>starts the shutdown and returns at once</b>: the calling
 * slot finishes its own drain after the callback returns, the other threads drain and end as usual,
 * and a thread outside the engine can wait for all of it with {@link #awaitTermination(Duration)}
 * (which throws {@link IllegalStateException} if called on an engine thread, where it could only
 * wait for itself).
 *
 * <h2>Groups at run time, and broadcast</h2>
 * Groups and supervisors can be added and removed before or after {@code start()}
 * ({@link #addGroup(String, GroupSpec)}, {@link #addSupervisor(String, SupervisorSpec)},
 * {@link #removeGroup(String)}, {@link #removeSupervisor(String)}); a removal from an engine thread starts
 * and returns, like {@code close()}. {@link #broadcast(Object)} sends to every group that takes the
 * message's type, all or nothing per group, not atomic across groups.
 */
public final class Engine implements AutoCloseable {
    private final String name;
    /** Everything that runs: groups, supervision, threads, the life cycle and termination. */
    private final EngineCore core;
    /**
     * One handle per group, made at its first lookup (or its add) and dropped at its removal. Keyed by
     * the group itself, not its name: a name reused after a removal is another group, with another
     * handle, and the old handle stays bound to the removed group (whose sends it refuses).
     */
    private final Map<Group, Distributor<?, ?>> distributors = new ConcurrentHashMap<>();
    private final long askTimeoutNanos;

    private Engine(Builder b) {
        this.name = b.name != null ? b.name : "rampart@" + Integer.toHexString(System.identityHashCode(this));
        this.core = new EngineCore(name, b.deadLetters, b.supervisionEvents, b.scheduler, b.threadFactory, b.timerTickNanos,
                b.closeTimeoutNanos, b.rootStrategy, b.rootMaxRestarts, b.rootWithinNanos);
        this.askTimeoutNanos = b.askTimeoutNanos;
        EngineCore.Subtree tree = core.subtree();
        for (Object child : b.children) {
            add(tree, EngineCore.Subtree.TOP, child);
        }
        core.attach("root", tree, false);
    }

    /** Adds a spec to a subtree, depth first, in the order given: a group, or a supervisor and its children. */
    private static void add(EngineCore.Subtree tree, int parent, Object child) {
        if (child instanceof GroupSpec<?, ?> spec) {
            tree.group(parent, spec);
        } else {
            SupervisorSpec spec = (SupervisorSpec) child;
            int node = tree.supervisor(parent, spec.name, spec.strategy, spec.maxRestarts, spec.withinNanos);
            for (Object c : spec.children) {
                add(tree, node, c);
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

    /**
     * @return the names of its groups, in the order they were added (a snapshot: groups added or removed
     *         later do not change it)
     */
    public Set<String> groupNames() {
        return core.groups().keySet();
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
        core.start();
    }

    /**
     * The typed handle to a group of this engine, typed as its spec. The same handle is returned
     * every time (whichever {@code distributor} method asked for it), and it stays valid across
     * restarts of the group's slots.
     *
     * @param spec the group's definition: the very {@code GroupSpec} object given to this engine's
     *             builder (two engines built from one spec each answer their own group)
     * @param <M>  the message type
     * @param <R>  the answer type
     * @return its distributor
     * @throws NoSuchGroupException     if the engine has no group of that name
     * @throws IllegalArgumentException if the engine's group of that name was built from another spec
     *                                  (whose types this engine cannot vouch for)
     * @throws EngineClosedException    if the engine was closed
     */
    public <M, R> Distributor<M, R> distributor(GroupSpec<M, R> spec) {
        Objects.requireNonNull(spec, "group spec");
        Distributor<?, ?> d = lookUp(spec.name());
        GroupSpec<?, ?> own = d.spec();
        if (own != spec) {
            throw new IllegalArgumentException("engine '" + name + "' runs group '" + spec.name()
                    + "' from another GroupSpec (" + own + "), not from " + spec
                    + ": pass the spec given to this engine's builder, or look the group up by name and types");
        }
        @SuppressWarnings("unchecked")
        Distributor<M, R> typed = (Distributor<M, R>) d; // the spec it was built from says M and R
        return typed;
    }

    /**
     * The typed handle to a group found by name, for code that does not hold its spec. The types are
     * checked here, once: the group must take every {@code M} (its declared message class is
     * {@code messageType} or a supertype of it) and every answer it declares must be an {@code R}.
     * Sends are still checked against the group's own message class.
     *
     * <pre>{@code
     * Distributor<Order, Receipt> orders = engine.distributor("orders", Order.class, Receipt.class);
     * }</pre>
     *
     * @param group       the group's name
     * @param messageType what the caller will send; the group's message class must be assignable from it
     * @param answerType  what the caller expects back; must be assignable from the group's answer class
     *                    ({@code Object.class} for a group that declares no answer type)
     * @param <M>         the message type
     * @param <R>         the answer type
     * @return its distributor
     * @throws NoSuchGroupException     if the engine has no such group
     * @throws IllegalArgumentException if the group does not take every {@code M} or does not answer
     *                                  only {@code R}s; the message names the group and both types
     * @throws EngineClosedException    if the engine was closed
     */
    public <M, R> Distributor<M, R> distributor(String group, Class<M> messageType, Class<R> answerType) {
        Objects.requireNonNull(messageType, "message type");
        Objects.requireNonNull(answerType, "answer type");
        Distributor<?, ?> d = lookUp(group);
        GroupSpec<?, ?> spec = d.spec();
        if (!spec.messageType().isAssignableFrom(messageType)) {
            throw new IllegalArgumentException("group '" + group + "' of engine '" + name + "' takes "
                    + spec.messageType().getName() + ", not every " + messageType.getName());
        }
        if (!answerType.isAssignableFrom(spec.answerType())) {
            throw new IllegalArgumentException("group '" + group + "' of engine '" + name + "' answers "
                    + spec.answerType().getName() + ", not only " + answerType.getName());
        }
        @SuppressWarnings("unchecked")
        Distributor<M, R> typed = (Distributor<M, R>) d; // checked above; sends are checked again
        return typed;
    }

    /**
     * The untyped handle to a group, for fully dynamic use: it takes any {@code Object} at compile
     * time (each send is still checked against the group's declared message class, at the call
     * site) and its asks complete with {@code Object}. Prefer {@link #distributor(GroupSpec)} or
     * {@link #distributor(String, Class, Class)}. The same handle is returned every time, and it
     * stays valid across restarts of the group's slots.
     *
     * @param group the group's name
     * @return its distributor
     * @throws NoSuchGroupException   if the engine has no such group
     * @throws EngineClosedException  if the engine was closed
     */
    public Distributor<Object, Object> distributor(String group) {
        @SuppressWarnings("unchecked")
        Distributor<Object, Object> d = (Distributor<Object, Object>) lookUp(group); // sends check at run time
        return d;
    }

    private Distributor<?, ?> lookUp(String group) {
        Objects.requireNonNull(group, "group name");
        if (core.isClosed()) {
            throw new EngineClosedException("engine '" + name + "' is closed: no distributor for group '" + group + "'");
        }
        return handle(core.group(group)); // NoSuchGroupException for a name never added, or removed
    }

    /** The group's one handle, made at first use. */
    private Distributor<?, ?> handle(Group g) {
        Distributor<?, ?> d = distributors.computeIfAbsent(g, k -> new Distributor<>(k, askTimeoutNanos));
        if (core.groups().get(g.name()) != g) {
            distributors.remove(g); // removed meanwhile: the caller still gets its (dead) handle, the map forgets it
        }
        return d;
    }

    // ---- groups and supervisors added and removed at run time -----------------------------------

    /**
     * Adds a group under the root supervisor; see {@link #addGroup(String, GroupSpec)}.
     *
     * @param spec the group's definition
     * @param <M>  the message type
     * @param <R>  the answer type
     * @return the new group's distributor (the one {@link #distributor(GroupSpec)} returns for it)
     */
    public <M, R> Distributor<M, R> addGroup(GroupSpec<M, R> spec) {
        return addGroup("root", spec);
    }

    /**
     * Adds a group under a supervisor, before or after {@link #start()}. Group names are unique per
     * engine, and so are supervisor names; a group and a supervisor may share a name (they are looked
     * up apart), as in an engine's builder. A name is free again once its group is removed.
     *
     * <p>Before {@code start()} the group is only added: {@code start()} starts it with the others.
     * After it, this starts the group's slot threads and returns once each has its first handler, as
     * {@code start()} does; only then is the group visible ({@link #distributor}, {@link #slots()},
     * {@link #broadcast}, its supervisor's strategy). If a handler factory fails, the group is not added:
     * its threads are stopped and joined, and this throws with the factory's failure as the cause. It
     * may be called from a handler (it waits for the new slots' first handlers, not for the caller's).
     * A {@link SupervisionEvent.GroupAdded} event follows.
     *
     * <pre>{@code
     * Distributor<Job, Integer> reports = engine.addGroup("batch", REPORTS); // REPORTS: a GroupSpec<Job, Integer>
     * reports.tellOne(new Job(7));
     * }</pre>
     *
     * @param supervisor the name of the supervisor to add it under ({@code "root"} for the root)
     * @param spec       the group's definition
     * @param <M>        the message type
     * @param <R>        the answer type
     * @return the new group's distributor (the one {@link #distributor(GroupSpec)} returns for it)
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the engine has no such supervisor, or already has a group of
     *                                  that name (the message names both places)
     * @throws EngineClosedException    if the engine is closed, or was closed before the group started
     * @throws RampartException         if a handler factory failed; the group was not added
     */
    public <M, R> Distributor<M, R> addGroup(String supervisor, GroupSpec<M, R> spec) {
        Objects.requireNonNull(supervisor, "supervisor name");
        Objects.requireNonNull(spec, "group spec");
        EngineCore.Subtree tree = core.subtree();
        tree.group(EngineCore.Subtree.TOP, spec);
        core.attach(supervisor, tree, true);
        @SuppressWarnings("unchecked")
        Distributor<M, R> typed = (Distributor<M, R>) handle(tree.groups().get(0)); // built from this very spec
        return typed;
    }

    /**
     * Adds a supervisor, with its groups and supervisors, under the root; see
     * {@link #addSupervisor(String, SupervisorSpec)}.
     *
     * @param spec the supervisor's definition
     */
    public void addSupervisor(SupervisorSpec spec) {
        addSupervisor("root", spec);
    }

    /**
     * Adds a supervisor, with its groups and supervisors, under another, before or after
     * {@link #start()}: all of it or none of it, as {@link #addGroup(String, GroupSpec)} adds one group
     * (every name checked first, every new slot started before any of it is visible, none added if a
     * handler factory fails).
     *
     * @param parent the name of the supervisor to add it under ({@code "root"} for the root)
     * @param spec   the supervisor's definition
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the engine has no supervisor {@code parent}, or a group or
     *                                  supervisor name of {@code spec} is taken
     * @throws EngineClosedException    if the engine is closed, or was closed before the groups started
     * @throws RampartException         if a handler factory failed; nothing was added
     */
    public void addSupervisor(String parent, SupervisorSpec spec) {
        Objects.requireNonNull(parent, "parent supervisor name");
        Objects.requireNonNull(spec, "supervisor spec");
        EngineCore.Subtree tree = core.subtree();
        add(tree, EngineCore.Subtree.TOP, spec);
        core.attach(parent, tree, true);
    }

    /**
     * Removes a group, before or after {@link #start()}. From the moment this is called the group
     * takes no more sends: a {@link Distributor} still held for it fails every send with
     * {@link GroupRemovedException} (asks complete exceptionally with it), {@link #distributor} and
     * {@link #health(String)} throw {@link NoSuchGroupException} for its name, it leaves
     * {@link #slots()}, {@link #metrics()}, {@link #supervisors()} and broadcasts, and it no longer
     * counts in its supervisor's strategy. What it had accepted still drains: every message is handled
     * exactly once or dead-lettered with a reason, and every ask completes (a slot failing during the
     * drain restarts on its own, its group's restart policy still applying). Then its threads end. The
     * name can be reused at once by a new group, which gets a new distributor; the old one stays dead.
     * A {@link SupervisionEvent.GroupRemoved} event is sent when the removal starts.
     *
     * <p><b>On one of the engine's own threads</b> (a handler, of this group or another, a lifecycle
     * hook, a supervision or dead-letter listener, a future's callback), this only starts the removal
     * and returns {@code false}, as {@link #close()} does there: a thread cannot wait for itself, and
     * a handler waiting for another slot could wait forever. The group's threads then end after the
     * drain and are joined at the latest by {@code close()}. Elsewhere it waits up to the close timeout
     * for the drain, joins the group's threads and returns {@code true}; a slot still stuck in its
     * handler at that deadline is given up on as {@code close()} gives up on one
     * ({@link SlotState#ABANDONED}, interrupted, {@link SupervisionEvent.SlotAbandoned}; its queue is
     * dead-lettered if its handler ever returns) and this returns {@code false}.
     *
     * <pre>{@code
     * engine.removeGroup("reports");                 // drains, joins, returns true
     * reports.tellOne(new Job(8));                   // GroupRemovedException
     * }</pre>
     *
     * @param group the group's name
     * @return true if the group drained and its threads were joined before this returned (or it had
     *         none); false if that was left to run on (engine thread, or a slot stuck past the close timeout)
     * @throws NullPointerException  if the name is null
     * @throws NoSuchGroupException  if the engine has no group of that name (never had, or removed already)
     * @throws EngineClosedException if the engine is closed (close drains every group anyway)
     */
    public boolean removeGroup(String group) {
        Objects.requireNonNull(group, "group name");
        Group g = core.groups().get(group);
        boolean joined = core.removeGroup(group);
        if (g != null) {
            distributors.remove(g);
        }
        return joined;
    }

    /**
     * Removes a supervisor and everything under it: each of its groups is removed as
     * {@link #removeGroup(String)} removes one (same semantics, same return, also on engine threads),
     * and the supervisors' names are free again. The root cannot be removed.
     *
     * @param supervisor the supervisor's name
     * @return true if every group under it drained and its threads were joined before this returned
     * @throws NullPointerException     if the name is null
     * @throws IllegalArgumentException if the engine has no such supervisor, or it is the root
     * @throws EngineClosedException    if the engine is closed
     */
    public boolean removeSupervisor(String supervisor) {
        Objects.requireNonNull(supervisor, "supervisor name");
        List<Group> under = core.groupsUnder(supervisor);
        boolean joined = core.removeSupervisor(supervisor);
        under.forEach(distributors::remove);
        return joined;
    }

    // ---- broadcast ------------------------------------------------------------------------------

    /**
     * Sends a message to every slot of every group whose message type accepts it (its
     * {@link GroupSpec#messageType()} is the message's class or a supertype: a group declared with
     * {@code Object.class} takes everything), in the order the groups were added.
     *
     * <p>Each group gets it as {@link Distributor#tellEveryone(Object)} sends it, all or nothing within
     * the group, with the same accounting: every copy a slot took is handled exactly once or
     * dead-lettered with a reason. <b>Across groups it is not atomic</b>: each group is tried in turn,
     * some may take it while others refuse it, and the result says which; none is skipped silently.
     * A refusal is reported, not thrown: a group that stopped or was removed meanwhile
     * ({@link GroupStoppedException}), a full ring past the group's backpressure bound
     * ({@link RingFullException}; under {@link Backpressure#deadLetter()} also one {@code RING_FULL} dead
     * letter, as {@code tellEveryone} does), the engine closing meanwhile ({@link EngineClosedException}).
     * Under {@link Backpressure#block(Duration)} each group may wait up to its own bound, one after another.
     * When no group accepts the message's type the result is empty ({@link BroadcastResult#outcomes()});
     * that is not an error.
     *
     * <pre>{@code
     * BroadcastResult r = engine.broadcast(new ConfigChanged(7));
     * if (!r.allAccepted()) log.warn("not everyone has config 7: {}", r.refused());
     * }</pre>
     *
     * @param message the message; not null
     * @return what each group did with it
     * @throws NullPointerException  if the message is null
     * @throws IllegalStateException if the engine is not started, or {@link EngineClosedException} if it
     *                               was closed (nothing was sent)
     */
    public BroadcastResult broadcast(Object message) {
        Objects.requireNonNull(message, "broadcast message");
        return broadcast(core.groups().values(), message, "engine '" + name + "'");
    }

    /**
     * As {@link #broadcast(Object)}, to the groups under one supervisor (its whole subtree, depth first
     * in the order they were added).
     *
     * @param supervisor the supervisor's name ({@code "root"}: every group)
     * @param message    the message; not null
     * @return what each group did with it
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the engine has no such supervisor
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException} if it
     *                                  was closed (nothing was sent)
     */
    public BroadcastResult broadcast(String supervisor, Object message) {
        Objects.requireNonNull(supervisor, "supervisor name");
        Objects.requireNonNull(message, "broadcast message");
        return broadcast(core.groupsUnder(supervisor), message, "supervisor '" + supervisor + "'");
    }

    private BroadcastResult broadcast(Collection<Group> groups, Object message, String to) {
        if (!core.isRunning()) {
            if (core.isClosed()) {
                throw new EngineClosedException("engine '" + name + "' is closed: cannot broadcast to " + to);
            }
            throw new IllegalStateException("engine '" + name + "' is not started: call start() before broadcasting to "
                    + to);
        }
        List<BroadcastResult.Outcome> outcomes = new ArrayList<>();
        for (Group g : groups) {
            if (!g.spec().messageType().isInstance(message)) {
                continue;
            }
            try {
                outcomes.add(new BroadcastResult.Outcome(g.name(), g.sender().tellEveryone(message, true), null));
            } catch (RampartException refused) {
                outcomes.add(new BroadcastResult.Outcome(g.name(), 0, refused));
            }
        }
        return new BroadcastResult(outcomes);
    }

    /** @return how many dead letters the engine has produced */
    public long deadLetterCount() {
        return core.deadLetterCount();
    }

    /**
     * @return asks sent and not yet complete, as the ask timer counted them at its last tick (at most
     *         one timer tick old; 0 before start and after termination)
     */
    public int pendingAsks() {
        return core.pendingAsks();
    }

    /** @return true between {@link #start()} and {@link #shutdown()} */
    public boolean isRunning() {
        return core.isRunning();
    }

    /**
     * @return true once every thread the engine started has ended (a slot given up on at the close
     *         deadline ends when its handler returns)
     */
    public boolean isTerminated() {
        return core.state() == EngineCore.State.TERMINATED;
    }

    /**
     * A group's health: {@link GroupHealth.Status#RUNNING} when every slot runs and none is stalled,
     * {@link GroupHealth.Status#DEGRADED} when some slot is not running (not started, restarting, stopped
     * for good, abandoned) or is stalled, {@link GroupHealth.Status#STOPPED} when the group stopped for
     * good or the engine is closed, with the reason.
     *
     * <pre>{@code
     * GroupHealth h = engine.health("orders");
     * if (h.status() != GroupHealth.Status.RUNNING) log.warn("orders: {} ({})", h.status(), h.reason());
     * }</pre>
     *
     * @param group a group's name
     * @return its health now
     * @throws NoSuchGroupException if the engine has no group of that name
     */
    public GroupHealth health(String group) {
        Objects.requireNonNull(group, "group");
        return core.health(group);
    }

    /**
     * A snapshot of every slot: group, index, state, backlog and counters.
     *
     * @return one entry per slot, groups in definition order
     */
    public List<SlotInfo> slots() {
        return core.slotInfos();
    }

    /**
     * Metrics of every group, for dashboards and alerts; see {@link #metrics(String)}.
     *
     * @return one snapshot per group, in definition order
     */
    public List<GroupMetrics> metrics() {
        return core.metrics();
    }

    /**
     * A snapshot of one group's metrics: per slot its state, backlog, handled messages, failures,
     * restarts, ring-full refusals and stall flag (and, with
     * {@link GroupSpec.Builder#recordLatency(boolean) recordLatency(true)}, cumulative queue-wait and
     * service-time histograms); for the group its dead letters by reason, its asks in flight and its
     * ask timeouts. Cheap enough to call at every scrape: it reads counters the slots keep anyway
     * (and copies the histograms, when recorded); nothing on the send or handling path waits for it.
     * The {@code rampart-metrics} module binds these to Micrometer.
     *
     * <pre>{@code
     * GroupMetrics m = engine.metrics("orders");
     * for (SlotMetrics s : m.slots()) {
     *     System.out.printf("slot %d %s backlog=%d handled=%d refusals=%d%n",
     *             s.slot(), s.state(), s.backlog(), s.handled(), s.ringFullRefusals());
     * }
     * System.out.println("expired asks: " + m.deadLetters(DeadLetter.Reason.EXPIRED_ASK));
     * }</pre>
     *
     * @param group a group's name
     * @return its metrics now
     * @throws NoSuchGroupException if the engine has no group of that name
     */
    public GroupMetrics metrics(String group) {
        Objects.requireNonNull(group, "group");
        return core.group(group).metrics();
    }

    /**
     * Gives a running group {@code slots} slots. Indices stay defined: growing appends slots at
     * indices {@code n, n+1, ...}; shrinking removes the highest indices; every other slot keeps its
     * index, handler, ring and queue. Returns once the change is published:
     * <ul>
     * <li><b>Growing</b> starts each new slot's thread and waits for its first handler (on this
     * thread), then adds them all at once. If a handler factory fails, or the engine closes meanwhile,
     * none is added (all or nothing), the ones started are stopped, and this method throws.</li>
     * <li><b>Shrinking</b> takes the removed slots out of routing, then closes their rings: each handles
     * what it had accepted with its own handler, in order (nothing is moved or lost), and its thread
     * then ends in the background; the engine joins it (at the next resize or at close). A removed
     * slot that is restarting waits out its backoff first; one that is stalled finishes its message
     * first, and {@link #close()} gives up on it at its deadline as on any slot.</li>
     * </ul>
     * Sends racing with a resize each route on one version of the group (see
     * {@link io.rampart.balance.Slots}): a message a removed slot accepted before its ring closed is
     * handled there; one it refused is routed again on the new version. {@link Distributor#tellTo}
     * and {@link Distributor#askTo} to a removed index fail with {@link SlotUnavailableException}
     * (not accepted); {@link Distributor#tellEveryone}, {@link Distributor#askEveryone} and
     * {@link Distributor#tellBatch} each use the slots of one version. Resizes of one group happen one
     * at a time. {@link #slots()}, {@link #metrics()} and {@link #health(String)} list the members
     * (not the removed slots still draining). Every resize is logged and sent to the supervision
     * listener as {@link SupervisionEvent.GroupResized}.
     *
     * <pre>{@code
     * engine.resize("orders", 8);   // slots 0..7; slots 0..3 kept their queues and handlers
     * engine.resize("orders", 2);   // slots 2..7 drain what they accepted, then end
     * }</pre>
     *
     * @param group a group's name
     * @param slots its new number of slots; at least 1, and within its {@link Resizer}'s bounds if it
     *              has one
     * @return its number of slots before (equal to {@code slots} if there was nothing to do)
     * @throws NoSuchGroupException     if the engine has no group of that name
     * @throws IllegalArgumentException if {@code slots} is below 1 or outside the resizer's bounds
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException}
     *                                  if it is closed
     * @throws GroupStoppedException    if the group stopped for good
     * @throws RampartException         if a new slot's handler factory failed (its cause); the group
     *                                  kept its size
     */
    public int resize(String group, int slots) {
        Objects.requireNonNull(group, "group");
        return core.group(group).resize(slots, "resize(\"" + group + "\", " + slots + ") called");
    }

    /**
     * The supervision tree, root first, each supervisor followed by its descendants.
     *
     * @return one entry per supervisor
     */
    public List<SupervisorInfo> supervisors() {
        return core.supervisorInfos();
    }

    /**
     * Stops accepting sends; every slot drains what it accepted, then its thread ends. Returns at
     * once, on any thread (a handler's included). Idempotent.
     */
    public void shutdown() {
        core.shutdown();
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
        return core.awaitTermination(timeout.toNanos());
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
        core.close();
    }

    /** For tests: a group by name. */
    Group group(String group) {
        return core.group(group);
    }

    @Override
    public String toString() {
        return core.toString();
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
        private SupervisionListener supervisionEvents;
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
        public Builder group(GroupSpec<?, ?> spec) {
            Objects.requireNonNull(spec, "group spec");
            if (groupNames.contains(spec.name())) {
                throw new IllegalArgumentException("group '" + spec.name() + "' is already defined in engine '"
                        + (name != null ? name : "(unnamed)") + "'");
            }
            groupNames.add(spec.name());
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
         * Receives the engine's supervision events: restarts, escalations, groups stopped (with why),
         * slots abandoned at close, slots stalled and recovered. See {@link SupervisionListener} for the
         * thread it is called on and what happens when it throws.
         *
         * <pre>{@code
         * Engine.builder().supervisionEvents(e -> log.info("supervision: {}", e))
         * }</pre>
         *
         * @param listener receives every supervision event; default: none (the engine still logs restarts, escalations and stalls)
         * @return this builder
         */
        public Builder supervisionEvents(SupervisionListener listener) {
            this.supervisionEvents = Objects.requireNonNull(listener, "supervision listener");
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
