package io.rampart.remote;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.rampart.AskTimeoutException;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.SlotMetrics;
import io.rampart.SlotState;
import io.rampart.remote.internal.InFlightAsks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An engine plus an Aeron endpoint: hosts some of the engine's groups for its peers, and lets the engine's senders
 * use groups whose slots live on peers, through the same {@link Distributor}.
 *
 * <pre>{@code
 * // node 2 hosts "prices" (its engine runs the group's slots)
 * Node host = Node.builder(2, engine2, secret)
 *         .listen(Endpoint.udp("127.0.0.1", 40102))
 *         .peer(1, Endpoint.udp("127.0.0.1", 40101))
 *         .host(pricesSpec, Codecs.utf8(), Codecs.utf8())
 *         .build();
 * host.start();
 *
 * // node 1 sends to it
 * Node sender = Node.builder(1, engine1, secret)
 *         .listen(Endpoint.udp("127.0.0.1", 40101))
 *         .peer(2, Endpoint.udp("127.0.0.1", 40102))
 *         .remote(RemoteGroup.builder("prices", Codecs.utf8()).answers(Codecs.utf8()).on(2, 2).build())
 *         .build();
 * sender.start();
 * Distributor<String, String> prices = engine1.distributor("prices", String.class, String.class);
 * prices.tellOne("EURUSD 1.0842");
 * String answer = prices.askOne("EURUSD?").get();
 * }</pre>
 *
 * <h2>What a send to a remote group promises</h2>
 * A send to a remote group is a send to the local group that mirrors it ({@link RemoteGroup}), so everything
 * {@link Distributor} says holds up to the mirror: a tell that returns was accepted, an ask's future completes
 * exactly once. Past the mirror:
 * <ul>
 * <li>A <b>tell</b> is handled once by the remote slot, or refused there (counted on that node:
 *     {@link #tellsRefusedOnArrival()}), or dead-lettered here ({@code HANDLER_FAILED}, cause
 *     {@link RemoteUnavailableException}) if it could not be handed to the peer's stream, or, if the peer dies
 *     after taking it and before acknowledging it, counted here as <b>in doubt</b> ({@link PeerStatus#tellsInDoubt()}).
 *     At most once across the wire: a tell is never sent twice.</li>
 * <li>An <b>ask</b> completes with the remote answer, the remote failure ({@link RemoteAskException}), a
 *     {@link RemoteUnavailableException} if it could not be sent, {@link RemoteAskException.Reason#PEER_LOST} within
 *     the peer timeout (1 s by default) and one heartbeat interval (liveness is checked each heartbeat) if its peer
 *     goes silent or disconnects, or the engine's ask timeout: whichever comes first, once.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * One wire thread per node reads the node's stream, dispatches to hosted groups, completes remote asks, and every
 * heartbeat interval sends heartbeats, HELLOs until they are accepted, and its hosted groups' slot states. It idles
 * with a backoff (10 spins, 5 yields, then parks from 1 µs doubling to 1 ms), never busy-spins. An embedded media
 * driver adds one thread (threading mode SHARED, the same backoff). Each remote group adds one mirror thread per
 * remote slot, parked when idle.
 *
 * <h2>Who may send</h2>
 * A node dispatches frames only from peers it was configured with that proved, in a HELLO, that they hold the
 * shared secret; every other frame is refused and counted ({@link #counters()}). Frames after the HELLO are not
 * signed and nothing is encrypted: on a network others can reach, anyone on the path can read, drop or forge them.
 * Bind to loopback (the examples do) or to a private network.
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    /** What the wire thread and the mirrors idle with: the embedded driver's too, and the Aeron baseline's. */
    static final long IDLE_SPINS = 10;
    static final long IDLE_YIELDS = 5;
    static final long IDLE_MIN_PARK_NANOS = 1_000;
    static final long IDLE_MAX_PARK_NANOS = 1_000_000;

    private static final int FRAGMENT_LIMIT = 64;

    private final int id;
    private final Engine engine;
    private final Endpoint listen;
    private final Map<Integer, Endpoint> peerEndpoints;
    private final Map<String, Hosted> hostedByName;
    private final List<RemoteGroup<?, ?>> remoteGroups;
    private final long heartbeatNanos;
    private final long peerTimeoutNanos;
    private final long offerTimeoutNanos;
    private final int maxFrameLength;
    private final int termLength;
    private final String aeronDirectory;
    private final Path driverParent;
    private final PeerListener peerListener;
    private final io.rampart.SupervisionListener supervisionListener;
    private final RejectionListener rejectionListener;
    private final LongSupplier nanoClock;
    private final PeerAuthenticator authenticator;
    private final FrameWriter writer;

    private final InFlightAsks inFlight = new InFlightAsks();
    private final AtomicLong correlationIds = new AtomicLong();
    private final AtomicLong refusedOnArrival = new AtomicLong();
    private final AtomicLong repliesDropped = new AtomicLong();
    private final AtomicLong lateAnswers = new AtomicLong();
    /** Per answering thread (a host slot, an ask timer, the wire thread): the frame and the wait for room. */
    private final ThreadLocal<UnsafeBuffer> replyBuffers;
    private final ThreadLocal<BackoffIdleStrategy> replyIdles = ThreadLocal.withInitial(Node::newIdleStrategy);
    private final ConcurrentLinkedQueue<Integer> closedSessions = new ConcurrentLinkedQueue<>();

    // Made by start(), read by the wire thread.
    private final Int2ObjectHashMap<Peer> peers = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Hosted> hostedById = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<RemoteSlots> remoteById = new Int2ObjectHashMap<>();
    private Peer[] peerList = new Peer[0];
    private FrameReader reader;
    private Path driverDirectory;
    private MediaDriver driver;
    private Aeron aeron;
    private Subscription subscription;
    private Thread wireThread;

    private volatile boolean started;
    private volatile boolean closing;
    private volatile boolean closed;
    /** The wire thread's clock reading for the frames it is dispatching: one nanoTime per poll, not per frame. */
    private long now;
    /** Wire thread: when a refusal on arrival was last logged (0: never), and the count then. */
    private long refusalLoggedAt;
    private long refusedAtLastLog;
    private final UnsafeBuffer wireBuffer;

    private Node(Builder b) {
        this.id = b.id;
        this.engine = b.engine;
        this.listen = b.listen;
        this.peerEndpoints = Collections.unmodifiableMap(new LinkedHashMap<>(b.peers));
        this.hostedByName = new LinkedHashMap<>(b.hosted);
        this.remoteGroups = List.copyOf(b.remotes);
        this.heartbeatNanos = b.heartbeat.toNanos();
        this.peerTimeoutNanos = b.peerTimeout.toNanos();
        this.offerTimeoutNanos = b.offerTimeout.toNanos();
        this.maxFrameLength = b.maxFrameLength;
        this.termLength = b.termLength;
        this.aeronDirectory = b.aeronDirectory;
        this.driverParent = b.driverParent;
        this.peerListener = b.peerListener;
        this.supervisionListener = b.supervisionListener;
        this.rejectionListener = b.rejectionListener;
        this.nanoClock = b.nanoClock;
        this.authenticator = new PeerAuthenticator(id, b.secret, b.peers.keySet(), b.helloWindow, b.epochMillis);
        this.writer = new FrameWriter(id, maxFrameLength);
        this.wireBuffer = new UnsafeBuffer(new byte[maxFrameLength]);
        int frame = maxFrameLength;
        this.replyBuffers = ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[frame]));
    }

    /**
     * Starts a node's definition.
     *
     * @param id     this node's id, 0 or more, unique among the nodes that talk to each other
     * @param engine the engine whose groups it hosts and to which it adds the remote groups' mirrors; started
     *               before {@link #start()}
     * @param secret the secret every node of the cluster holds, at least 16 bytes (copied)
     * @return a builder
     */
    public static Builder builder(int id, Engine engine, byte[] secret) {
        return new Builder(id, engine, secret);
    }

    /** @return this node's id */
    public int id() {
        return id;
    }

    /** @return where this node listens */
    public Endpoint endpoint() {
        return listen;
    }

    /**
     * The Aeron directory of the media driver this node uses: its embedded driver's (another node on this host can
     * share it, {@link Builder#aeronDirectory}, to reach this one over IPC), or the external one it was given.
     *
     * @return the directory
     * @throws IllegalStateException before {@link #start()}
     */
    public String aeronDirectory() {
        if (aeron == null) {
            throw new IllegalStateException("node " + id + " is not started");
        }
        return aeron.context().aeronDirectoryName();
    }

    /**
     * Connects to the media driver (launching the embedded one unless an external one was given), subscribes to
     * this node's endpoint, adds a publication per peer, adds the mirror group of each remote group to the engine,
     * and starts the wire thread. Peers come up as they connect and accept this node's HELLO.
     *
     * @throws IllegalStateException if the engine is not running, or this node was started before
     * @throws io.rampart.NoSuchGroupException if a hosted group is not in the engine
     */
    public synchronized void start() {
        if (started || closing) {
            throw new IllegalStateException("node " + id + " was already started");
        }
        if (!engine.isRunning()) {
            throw new IllegalStateException("node " + id + ": start the engine '" + engine.name()
                    + "' before the node");
        }
        List<WireGroup> wireGroups = new ArrayList<>();
        for (Hosted h : hostedByName.values()) {
            h.distributor = engine.distributor(h.spec.name()); // NoSuchGroupException if the engine lacks it
            hostedById.put(h.wire.id(), h);
            wireGroups.add(h.wire);
        }
        List<WireGroup> remoteWires = new ArrayList<>();
        for (RemoteGroup<?, ?> g : remoteGroups) {
            remoteWires.add(WireGroup.of(g.name(), g.messages(), g.answers()));
        }
        wireGroups.addAll(remoteWires);
        this.reader = new FrameReader(wireGroups, authenticator, new Frames(), rejectionListener,
                maxFrameLength);
        try {
            connect();
            for (int g = 0; g < remoteGroups.size(); g++) {
                addMirror(remoteGroups.get(g), remoteWires.get(g));
            }
        } catch (RuntimeException e) {
            closing = true;
            removeMirrors();
            closeAeron();
            throw e;
        }
        started = true;
        wireThread = new Thread(this::runWire, "rampart-node-" + id + "-wire");
        wireThread.start();
    }

    private void connect() {
        if (aeronDirectory == null) {
            driverDirectory = EmbeddedDriver.newDirectory(driverParent, "rampart-node-" + id + "-");
            driver = EmbeddedDriver.launch(driverDirectory, termLength);
        }
        String directory = driver != null ? driver.aeronDirectoryName() : aeronDirectory;
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
        subscription = aeron.addSubscription(listen.channel(), listen.streamId(), image -> { },
                image -> closedSessions.add(image.sessionId()));
        List<Peer> list = new ArrayList<>();
        for (Map.Entry<Integer, Endpoint> e : peerEndpoints.entrySet()) {
            Endpoint to = e.getValue();
            ChannelUri uri = ChannelUri.parse(to.channel());
            uri.put("term-length", Integer.toString(termLength));
            Publication publication = aeron.addPublication(uri.toString(), to.streamId());
            Peer peer = new Peer(e.getKey(), to, publication);
            peers.put(peer.id, peer);
            list.add(peer);
        }
        peerList = list.toArray(new Peer[0]);
    }

    /** {@code wire}: the group as the reader knows it. Its nodes are peers: {@link Builder#build()} checked. */
    private <M, R> void addMirror(RemoteGroup<M, R> group, WireGroup wire) {
        int n = group.slots();
        Peer[] slotPeers = new Peer[n];
        int[] remoteSlots = new int[n];
        int i = 0;
        for (Map.Entry<Integer, Integer> placed : group.placement().entrySet()) {
            Peer peer = peers.get(placed.getKey().intValue());
            for (int s = 0; s < placed.getValue(); s++, i++) {
                slotPeers[i] = peer;
                remoteSlots[i] = s;
            }
        }
        RemoteSlots table = new RemoteSlots(slotPeers, remoteSlots);
        remoteById.put(wire.id(), table);
        engine.addGroup(group.localSpec(() -> new ProxyHandler(this, wire, table), table));
    }

    /**
     * Each peer as this node sees it now.
     *
     * @return one status per configured peer, in the order they were configured
     */
    public List<PeerStatus> peers() {
        List<PeerStatus> out = new ArrayList<>(peerList.length);
        long t = nanoClock.getAsLong();
        for (Peer p : peerList) {
            out.add(status(p, t));
        }
        return out;
    }

    /**
     * One peer as this node sees it now: {@link #peers()}'s entry for it, without the others'.
     *
     * @param node a configured peer's id
     * @return its status
     * @throws IllegalArgumentException if {@code node} is not a configured peer
     */
    public PeerStatus peer(int node) {
        return status(configuredPeer(node), nanoClock.getAsLong());
    }

    /**
     * Whether peer {@code node} is up: messages for its slots are routed to it.
     *
     * @param node a configured peer's id
     * @return true if it is up
     * @throws IllegalArgumentException if {@code node} is not a configured peer
     */
    public boolean isUp(int node) {
        return configuredPeer(node).up;
    }

    private Peer configuredPeer(int node) {
        Peer p = peers.get(node);
        if (p == null) {
            throw new IllegalArgumentException("node " + node + " is not a peer of node " + id);
        }
        return p;
    }

    private PeerStatus status(Peer p, long t) {
        long heard = p.everHeard ? TimeUnit.NANOSECONDS.toMillis(t - p.lastHeardNanos) : -1;
        return new PeerStatus(p.id, p.endpoint, p.up, heard, p.timesLost, p.tellsOffered.get(), p.acknowledged,
                p.tellsInDoubt(), p.asksSent.get(), inFlight.pending(p), p.asksFailedLost);
    }

    /** @return the frames this node's reader accepted and refused, per type and reason */
    public RemoteCounters counters() {
        if (reader == null) {
            throw new IllegalStateException("node " + id + " is not started");
        }
        return reader.counters();
    }

    /**
     * Tells from peers that a hosted group refused when they arrived (its ring full, the slot gone, the engine
     * closing): the sender counted them as sent, this node did not handle them. Each is also logged.
     *
     * @return how many
     */
    public long tellsRefusedOnArrival() {
        return refusedOnArrival.get();
    }

    /**
     * Answers to remote asks that could not be sent back (the asker's stream stayed back-pressured or disconnected):
     * that ask ends on the asking node by its peer timeout or ask timeout instead.
     *
     * @return how many
     */
    public long repliesDropped() {
        return repliesDropped.get();
    }

    /**
     * Answers and failures that arrived for asks already completed here (by the peer timeout, or from a peer that
     * was not the one asked): counted and dropped.
     *
     * @return how many
     */
    public long lateAnswers() {
        return lateAnswers.get();
    }

    /**
     * Stops the node: the remote groups' mirrors are removed from the engine (what they still queue is
     * dead-lettered, the asks among it fail with {@link RemoteUnavailableException.Reason#NODE_CLOSED}), the asks in
     * flight fail the same way, the wire thread stops, and the Aeron client and embedded driver close (its
     * directory is deleted). The engine keeps running. Idempotent; may be called from a handler or a listener.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        removeMirrors();
        Thread wire = wireThread;
        if (wire == null) {
            closeAeron();
            return;
        }
        if (Thread.currentThread() == wire) {
            return; // the wire thread closes Aeron when its loop sees closing, after this callback returns
        }
        boolean interrupted = false;
        while (true) {
            try {
                wire.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return true once {@link #close()} finished: the wire thread ended and Aeron is closed */
    public boolean isClosed() {
        return closed;
    }

    private void removeMirrors() {
        for (RemoteGroup<?, ?> g : remoteGroups) {
            try {
                engine.removeGroup(g.name());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "node " + id + ": removing mirror group '" + g.name()
                        + "' failed", e);
            }
        }
    }

    private void closeAeron() {
        failAllPending();
        try {
            CloseHelper.quietCloseAll(aeron, driver);
        } finally {
            if (driverDirectory != null) {
                IoUtil.delete(driverDirectory.toFile(), true);
            }
            closed = true;
        }
    }

    private void failAllPending() {
        inFlight.failAll(null, (id, a) -> a.reply().fail(
                unavailable((Peer) a.target(), RemoteUnavailableException.Reason.NODE_CLOSED)));
    }

    @Override
    public String toString() {
        return "Node[" + id + " on " + listen + ", peers " + peerEndpoints.keySet() + "]";
    }

    // ---- for the mirrors

    static BackoffIdleStrategy newIdleStrategy() {
        return new BackoffIdleStrategy(IDLE_SPINS, IDLE_YIELDS, IDLE_MIN_PARK_NANOS, IDLE_MAX_PARK_NANOS);
    }

    int maxFrameLength() {
        return maxFrameLength;
    }

    FrameWriter writer() {
        return writer;
    }

    InFlightAsks inFlight() {
        return inFlight;
    }

    long nextCorrelationId() {
        return correlationIds.incrementAndGet();
    }

    RemoteUnavailableException unavailable(Peer peer, RemoteUnavailableException.Reason reason) {
        String why;
        switch (reason) {
            case NOT_CONNECTED:
                why = "node " + peer.id + " is not connected to node " + id;
                break;
            case BACK_PRESSURED:
                why = "node " + peer.id + "'s stream stayed back-pressured for "
                        + TimeUnit.NANOSECONDS.toMillis(offerTimeoutNanos) + " ms";
                break;
            case TOO_LARGE:
                why = "the message does not fit in a frame of " + maxFrameLength + " bytes";
                break;
            default:
                why = "node " + id + " is closing";
                break;
        }
        return new RemoteUnavailableException(peer.id, reason, why);
    }

    /**
     * Offers a frame to the peer's stream; waits while it is back-pressured, up to the offer timeout.
     *
     * @return null when the frame was taken, else why not
     */
    RemoteUnavailableException.Reason offer(Peer peer, DirectBuffer buffer, int length, IdleStrategy idle) {
        long deadline = 0;
        boolean waiting = false;
        idle.reset();
        while (true) {
            if (closing) {
                return RemoteUnavailableException.Reason.NODE_CLOSED;
            }
            long result = peer.publication.offer(buffer, 0, length);
            if (result > 0) {
                return null;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION) {
                return RemoteUnavailableException.Reason.NOT_CONNECTED; // NOT_CONNECTED, CLOSED, MAX_POSITION
            }
            long t = nanoClock.getAsLong();
            if (!waiting) {
                deadline = t + offerTimeoutNanos;
                waiting = true;
            } else if (t - deadline >= 0) {
                return RemoteUnavailableException.Reason.BACK_PRESSURED;
            }
            idle.idle();
        }
    }

    // ---- the wire thread

    private void runWire() {
        IdleStrategy idle = newIdleStrategy();
        FragmentAssembler assembler = new FragmentAssembler(
                (buffer, offset, length, header) -> reader.read(buffer, offset, length, header.sessionId()));
        long nextTick = nanoClock.getAsLong();
        try {
            while (!closing) {
                now = nanoClock.getAsLong();
                int work = 0;
                for (Integer session = closedSessions.poll(); session != null; session = closedSessions.poll()) {
                    sessionClosed(session);
                    work++;
                }
                work += subscription.poll(assembler, FRAGMENT_LIMIT);
                if (now - nextTick >= 0) {
                    tick();
                    nextTick = now + heartbeatNanos;
                    work++;
                }
                idle.idle(work);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "node " + id + ": the wire thread failed; the node stops", t);
            closing = true;
        } finally {
            for (Peer p : peerList) {
                p.up = false;
            }
            closeAeron();
        }
    }

    private void tick() {
        for (Peer p : peerList) {
            boolean connected = p.publication.isConnected();
            if (p.up) {
                if (!connected) {
                    lose(p, "its stream is not connected");
                } else if (now - p.lastHeardNanos > peerTimeoutNanos) {
                    lose(p, "nothing heard for " + TimeUnit.NANOSECONDS.toMillis(now - p.lastHeardNanos) + " ms");
                }
            }
            if (!connected) {
                continue;
            }
            if (!p.acceptedUs) {
                hello(p);
            }
            if (p.saidHello()) {
                heartbeat(p); // only behind a HELLO on the stream: before one, the peer would refuse it
            }
            if (p.up) {
                for (Hosted h : hostedByName.values()) {
                    sendSlotStates(p, h);
                }
            }
            maybeUp(p);
        }
    }

    /** A HELLO, counted as said only if the stream took it (a refused offer is retried at the next tick). */
    private void hello(Peer p) {
        int length = writer.hello(wireBuffer, 0, authenticator, p.id);
        int tag = FrameWriter.helloTag(wireBuffer, 0);
        if (sendFromWire(p, length)) {
            p.helloSent(tag);
        }
    }

    private void heartbeat(Peer p) {
        boolean authenticated = p.session != 0 && reader.peerOf(p.session) == p.id;
        sendFromWire(p, writer.heartbeat(wireBuffer, 0, p.tellsAcceptedFrom, authenticated, p.theirHelloTag));
    }

    /** Sends the group's slot states, read from the engine at most once per tick however many peers are up. */
    private void sendSlotStates(Peer p, Hosted h) {
        if (h.readAt != now || !h.read) {
            h.read = true;
            h.readAt = now;
            h.count = readSlotStates(h);
        }
        if (h.count > 0) {
            sendFromWire(p, writer.slotStates(wireBuffer, 0, h.wire.id(), h.states, h.backlogs, h.count));
        }
    }

    /** @return how many slots were read into {@code h}'s arrays; 0 if the group was removed from the engine */
    private int readSlotStates(Hosted h) {
        List<SlotMetrics> slots;
        try {
            slots = engine.metrics(h.spec.name()).slots();
        } catch (RuntimeException e) {
            return 0; // the group was removed from the engine: its slots are reported no more
        }
        int n = Math.min(slots.size(), SlotStates.MAX_SLOTS);
        if (h.states.length < n) {
            h.states = new SlotState[n];
            h.backlogs = new long[n];
        }
        for (int i = 0; i < n; i++) {
            h.states[i] = slots.get(i).state();
            h.backlogs[i] = slots.get(i).backlog();
        }
        return n;
    }

    /**
     * A control frame: offered once; if the stream cannot take it now, the next tick sends a fresh one.
     *
     * @return whether the stream took it
     */
    private boolean sendFromWire(Peer p, int length) {
        return length > 0 && p.publication.offer(wireBuffer, 0, length) > 0;
    }

    private void maybeUp(Peer p) {
        if (!p.up && p.acceptedUs && p.everHeard && now - p.lastHeardNanos <= peerTimeoutNanos
                && p.publication.isConnected()) {
            p.startEpoch();
            p.up = true;
            LOG.log(System.Logger.Level.INFO, "node {0}: peer {1} is up", id, p.id);
            try {
                peerListener.onPeerUp(p.id);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "peer listener threw", e);
            }
            supervision(new io.rampart.SupervisionEvent.PeerUp(engine.name(), id, p.id));
        }
    }

    private void lose(Peer p, String why) {
        p.up = false;
        p.acceptedUs = false; // say HELLO again: if it restarted, it does not know this node any more
        p.forgetHellos();
        p.timesLost++;
        // After up = false: InFlightAsks says why no ask to p can be left behind by this scan.
        int failed = inFlight.failAll(p, (id, a) -> a.reply().fail(new RemoteAskException(p.id,
                RemoteAskException.Reason.PEER_LOST, "node " + p.id + " was lost with the ask in flight: " + why)));
        p.asksFailedLost += failed;
        long doubt = p.tellsInDoubt();
        LOG.log(System.Logger.Level.WARNING, "node {0}: peer {1} lost ({2}); {3} asks failed, {4} tells in doubt",
                id, p.id, why, failed, doubt);
        try {
            peerListener.onPeerLost(p.id, why, failed, doubt);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "peer listener threw", e);
        }
        supervision(new io.rampart.SupervisionEvent.PeerLost(engine.name(), id, p.id, why, failed, doubt));
    }

    private void supervision(io.rampart.SupervisionEvent event) {
        try {
            supervisionListener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "supervision listener threw", e);
        }
    }

    private void sessionClosed(int session) {
        int node = reader.peerOf(session);
        reader.sessionClosed(session);
        Peer p = node < 0 ? null : peers.get(node);
        if (p != null && p.session == session) {
            p.session = 0;
            p.everHeard = false;
            if (p.up) {
                lose(p, "its stream to this node closed");
            }
        }
    }

    private void heard(Peer p) {
        p.lastHeardNanos = now;
        p.everHeard = true;
    }

    // ---- host side: dispatching to the engine's groups, and answering

    /**
     * Counted always; logged at most once a second (with the count since the last line): a full failFast ring
     * refuses every tell of a burst, and a line each would slow the wire thread when it is busiest.
     */
    private void arrivalRefused(Peer p, Hosted h, String what, RuntimeException e) {
        long refused = refusedOnArrival.incrementAndGet();
        if (refusalLoggedAt == 0 || now - refusalLoggedAt >= TimeUnit.SECONDS.toNanos(1)) {
            LOG.log(System.Logger.Level.WARNING, "node {0}: {1} from node {2} for group ''{3}'' refused: {4} ({5} refused"
                    + " on arrival since the last such line)", id, what, p.id, h == null ? "?" : h.spec.name(),
                    e.toString(), refused - refusedAtLastLog);
            refusalLoggedAt = now == 0 ? 1 : now;
            refusedAtLastLog = refused;
        }
    }

    private void answer(Peer p, WireGroup group, long correlationId, Object value, Throwable failure) {
        UnsafeBuffer buffer = replyBuffers.get();
        int length;
        if (failure == null) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            int written = writer.reply(buffer, 0, group.id(), correlationId, (Codec) group.answers(), value);
            length = written;
            if (length < 0 || value == null) {
                length = failureFrame(buffer, group, correlationId, RemoteAskException.Reason.BAD_ANSWER,
                        value == null ? "the handler answered null, which no codec carries"
                                : "the answer does not fit in a frame of " + maxFrameLength + " bytes");
            }
        } else {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            length = failureFrame(buffer, group, correlationId, reasonOf(cause),
                    cause.getClass().getName() + ": " + cause.getMessage());
        }
        sendAnswer(p, buffer, length);
    }

    /** Offers an answer (REPLY or FAILURE) written in this thread's reply buffer; counts it if it cannot go. */
    private void sendAnswer(Peer p, UnsafeBuffer buffer, int length) {
        if (offer(p, buffer, length, replyIdles.get()) != null) {
            repliesDropped.incrementAndGet();
        }
    }

    private int failureFrame(UnsafeBuffer buffer, WireGroup group, long correlationId,
                             RemoteAskException.Reason reason, String message) {
        return writer.failure(buffer, 0, group.id(), correlationId, reason.code(), message);
    }

    private static RemoteAskException.Reason reasonOf(Throwable cause) {
        if (cause instanceof AskTimeoutException) {
            return RemoteAskException.Reason.TIMED_OUT;
        }
        if (cause instanceof io.rampart.RingFullException || cause instanceof io.rampart.SlotUnavailableException
                || cause instanceof io.rampart.GroupStoppedException
                || cause instanceof io.rampart.GroupRemovedException
                || cause instanceof io.rampart.EngineClosedException) {
            return RemoteAskException.Reason.REFUSED;
        }
        return RemoteAskException.Reason.HANDLER_FAILED;
    }

    /** The reader's callbacks, on the wire thread, for frames that passed every check. */
    private final class Frames implements FrameHandler {
        @Override
        public void onHello(int sessionId, int node, int helloTag) {
            Peer p = peers.get(node);
            p.session = sessionId;
            p.theirHelloTag = helloTag;
            p.tellsAcceptedFrom = 0;
            heard(p);
            if (p.publication.isConnected()) {
                // Tell it now that it is authenticated, rather than at the next tick; our own HELLO first if we
                // sent none since it was lost, or it would refuse the heartbeat as coming from a session that never
                // said HELLO. Not a HELLO per HELLO received: two nodes would answer each other's forever.
                if (!p.saidHello()) {
                    hello(p);
                }
                if (p.saidHello()) {
                    heartbeat(p);
                }
            }
        }

        @Override
        public void onHeartbeat(int node, long tellsAccepted, boolean authenticated, int helloTag) {
            Peer p = peers.get(node);
            heard(p);
            boolean current = authenticated && p.isOurHello(helloTag); // counts from a HELLO of this epoch
            if (!authenticated && p.acceptedUs) {
                p.acceptedUs = false;
                if (p.up) {
                    lose(p, "it no longer knows this node (it restarted?)");
                }
            } else if (current) {
                p.acceptedUs = true;
            }
            maybeUp(p);
            // Only while up, and only a count from our latest HELLO: a loss freezes the epoch's last count, which
            // the next epoch's start needs (Peer), and a heartbeat from before our new HELLO counts from an old one.
            if (p.up && current) {
                p.acknowledged = tellsAccepted;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onTell(int node, WireGroup group, int slot, boolean everyone, Object message) {
            Peer p = peers.get(node);
            heard(p);
            p.tellsAcceptedFrom++;
            Hosted h = hostedById.get(group.id());
            if (h == null) {
                arrivalRefused(p, null, "a tell", new IllegalArgumentException(
                        "group '" + group.name() + "' is not hosted by node " + id));
                return;
            }
            try {
                if (everyone) {
                    h.distributor.tellEveryone(message);
                } else if (slot >= 0) {
                    h.distributor.tellTo(slot, message);
                } else {
                    h.distributor.tellOne(message);
                }
            } catch (RuntimeException e) {
                arrivalRefused(p, h, "a tell", e);
            }
        }

        @Override
        public void onAsk(int node, WireGroup group, int slot, boolean everyone, long correlationId,
                          Object message) {
            Peer p = peers.get(node);
            heard(p);
            Hosted h = hostedById.get(group.id());
            if (h == null) {
                answerFailure(p, group, correlationId, RemoteAskException.Reason.NO_SUCH_GROUP,
                        "group '" + group.name() + "' is not hosted by node " + id);
                return;
            }
            if (everyone) {
                answerFailure(p, group, correlationId, RemoteAskException.Reason.REFUSED,
                        "an ask to every slot of a remote group is sent to each slot by the asking node");
                return;
            }
            try {
                java.util.concurrent.CompletableFuture<Object> answer = slot >= 0
                        ? h.distributor.askTo(slot, message) : h.distributor.askOne(message);
                answer.whenComplete((value, failure) -> answer(p, group, correlationId, value, failure));
            } catch (RuntimeException e) {
                answer(p, group, correlationId, null, e);
            }
        }

        private void answerFailure(Peer p, WireGroup group, long correlationId, RemoteAskException.Reason reason,
                                   String message) {
            UnsafeBuffer buffer = replyBuffers.get();
            sendAnswer(p, buffer, failureFrame(buffer, group, correlationId, reason, message));
        }

        @Override
        public void onReply(int node, WireGroup group, long correlationId, Object answer) {
            Peer p = peers.get(node);
            heard(p);
            InFlightAsks.Entry a = take(p, correlationId);
            if (a != null) {
                try {
                    a.reply().reply(answer);
                } catch (RuntimeException e) {
                    // IllegalArgumentException: not of the group's answer type; the ask failed with it (Reply).
                    LOG.log(System.Logger.Level.DEBUG, "answer from node " + node + " refused", e);
                }
            }
        }

        @Override
        public void onFailure(int node, WireGroup group, long correlationId, int reasonCode, String message) {
            Peer p = peers.get(node);
            heard(p);
            InFlightAsks.Entry a = take(p, correlationId);
            if (a != null) {
                a.reply().fail(new RemoteAskException(node, RemoteAskException.Reason.fromCode(reasonCode),
                        "node " + node + ": " + message));
            }
        }

        /** The pending ask, if it is still pending and was sent to {@code p}; otherwise counted as late. */
        private InFlightAsks.Entry take(Peer p, long correlationId) {
            InFlightAsks.Entry a = inFlight.answer(correlationId, p);
            if (a == null) {
                lateAnswers.incrementAndGet();
            }
            return a;
        }

        @Override
        public void onSlotStates(int node, WireGroup group, SlotStates states) {
            Peer p = peers.get(node);
            heard(p);
            RemoteSlots table = remoteById.get(group.id());
            if (table != null) {
                table.report(p, states);
            }
        }
    }

    /** A group of this node's engine that peers may send to. */
    private static final class Hosted {
        final GroupSpec<?, ?> spec;
        final WireGroup wire;
        Distributor<Object, Object> distributor;
        SlotState[] states = new SlotState[0];
        long[] backlogs = new long[0];
        /** Wire thread: the slots last read into the arrays, and the tick ({@code now}) they were read at. */
        int count;
        long readAt;
        boolean read;

        Hosted(GroupSpec<?, ?> spec, WireGroup wire) {
            this.spec = spec;
            this.wire = wire;
        }
    }

    /** Builds a {@link Node}. */
    public static final class Builder {
        private final int id;
        private final Engine engine;
        private final byte[] secret;
        private Endpoint listen;
        private final Map<Integer, Endpoint> peers = new LinkedHashMap<>();
        private final Map<String, Hosted> hosted = new LinkedHashMap<>();
        private final List<RemoteGroup<?, ?>> remotes = new ArrayList<>();
        private Duration heartbeat = Duration.ofMillis(100);
        private Duration peerTimeout = Duration.ofSeconds(1);
        private Duration offerTimeout = Duration.ofSeconds(1);
        private Duration helloWindow = Duration.ofSeconds(30);
        private int maxFrameLength = 8 * 1024;
        private int termLength = 256 * 1024;
        private String aeronDirectory;
        private Path driverParent = defaultDriverParent();
        private PeerListener peerListener = PeerListener.NONE;
        private io.rampart.SupervisionListener supervisionListener = event -> { };
        private RejectionListener rejectionListener = RejectionListener.NONE;
        private LongSupplier nanoClock = System::nanoTime;
        private LongSupplier epochMillis = System::currentTimeMillis;

        private Builder(int id, Engine engine, byte[] secret) {
            if (id < 0) {
                throw new IllegalArgumentException("node id must be 0 or more, was " + id);
            }
            this.id = id;
            this.engine = Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(secret, "secret");
            if (secret.length < PeerAuthenticator.MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("shared secret must be at least "
                        + PeerAuthenticator.MIN_SECRET_LENGTH + " bytes, was " + secret.length);
            }
            this.secret = secret.clone();
        }

        private static Path defaultDriverParent() {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        }

        /**
         * Where this node listens for its peers (required).
         *
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder listen(Endpoint endpoint) {
            this.listen = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * A peer this node talks to and accepts frames from: it must list this node as a peer too, with the same
         * secret.
         *
         * @param node     the peer's id, not this node's
         * @param endpoint where the peer listens
         * @return this builder
         */
        public Builder peer(int node, Endpoint endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (node < 0) {
                throw new IllegalArgumentException("peer node id must be 0 or more, was " + node);
            }
            if (node == id) {
                throw new IllegalArgumentException("node " + id + " cannot be its own peer");
            }
            if (peers.putIfAbsent(node, endpoint) != null) {
                throw new IllegalArgumentException("peer " + node + " was already added");
            }
            return this;
        }

        /**
         * Lets peers send to a group of this node's engine. The group must be in the engine when the node starts,
         * and its backpressure must not wait: the wire thread hands peers' messages to it, and a wire thread that
         * waited for a full ring would stop heartbeats and every other peer's traffic with it.
         *
         * @param spec     the group, as the engine was given it
         * @param messages the codec of its messages, of the group's message type
         * @param answers  the codec of its answers, of the group's answer type
         * @param <M>      the messages' type
         * @param <R>      the answers' type
         * @return this builder
         * @throws IllegalArgumentException if the backpressure is {@code block}, or a codec's type is not the group's
         */
        public <M, R> Builder host(GroupSpec<M, R> spec, Codec<? super M> messages, Codec<? extends R> answers) {
            Objects.requireNonNull(spec, "group spec");
            Objects.requireNonNull(messages, "messages codec");
            Objects.requireNonNull(answers, "answers codec");
            if (spec.backpressure().waitNanos() > 0) {
                throw new IllegalArgumentException("group '" + spec.name() + "' blocks when its ring is full ("
                        + spec.backpressure() + "): a hosted group is fed by the node's wire thread, which must not"
                        + " wait; build it with Backpressure.failFast() or Backpressure.deadLetter()");
            }
            if (!messages.type().isAssignableFrom(spec.messageType())) {
                throw new IllegalArgumentException("group '" + spec.name() + "' takes " + spec.messageType().getName()
                        + ", its codec carries " + messages.type().getName());
            }
            if (!spec.answerType().isAssignableFrom(answers.type())) {
                throw new IllegalArgumentException("group '" + spec.name() + "' answers "
                        + spec.answerType().getName() + ", its codec carries " + answers.type().getName());
            }
            if (hosted.putIfAbsent(spec.name(), new Hosted(spec, WireGroup.of(spec.name(), messages, answers)))
                    != null) {
                throw new IllegalArgumentException("group '" + spec.name() + "' is already hosted");
            }
            return this;
        }

        /**
         * A group whose slots live on peers: the node adds its mirror to the engine under its name when it starts,
         * so {@code engine.distributor(group.name(), ...)} reaches it.
         *
         * @param group the remote group
         * @return this builder
         */
        public Builder remote(RemoteGroup<?, ?> group) {
            Objects.requireNonNull(group, "remote group");
            for (RemoteGroup<?, ?> g : remotes) {
                if (g.name().equals(group.name())) {
                    throw new IllegalArgumentException("remote group '" + group.name() + "' was already added");
                }
            }
            remotes.add(group);
            return this;
        }

        /**
         * How often the node sends each peer a heartbeat (with its hosted groups' slot states); default 100 ms.
         *
         * @param interval positive, less than the peer timeout
         * @return this builder
         */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = positive(interval, "heartbeat");
            return this;
        }

        /**
         * How long a peer may stay silent before it is lost: its slots routed around, its asks in flight failed;
         * default 1 s.
         *
         * @param timeout positive, more than the heartbeat interval
         * @return this builder
         */
        public Builder peerTimeout(Duration timeout) {
            this.peerTimeout = positive(timeout, "peer timeout");
            return this;
        }

        /**
         * How long a mirror waits for a back-pressured peer stream before it gives the message up; default 1 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder offerTimeout(Duration timeout) {
            this.offerTimeout = positive(timeout, "offer timeout");
            return this;
        }

        /**
         * How far a peer's HELLO timestamp may be from this node's clock; default 30 s.
         *
         * @param window positive
         * @return this builder
         */
        public Builder helloWindow(Duration window) {
            this.helloWindow = positive(window, "HELLO window");
            return this;
        }

        /**
         * The longest frame this node sends or accepts, its 32-byte header included; default 8 KiB. Every node of a
         * cluster should use the same.
         *
         * @param bytes from 128 to 1/8 of the term length
         * @return this builder
         */
        public Builder maxFrameLength(int bytes) {
            this.maxFrameLength = bytes;
            return this;
        }

        /**
         * Use the media driver at {@code directory} (started separately, or another node's embedded one) instead
         * of launching an embedded driver.
         *
         * @param directory the driver's Aeron directory
         * @return this builder
         */
        public Builder aeronDirectory(String directory) {
            this.aeronDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Where the embedded driver's directory is made (a new one per node, deleted on close); default
         * {@code /dev/shm} where it exists, else {@code java.io.tmpdir}.
         *
         * @param parent the parent directory
         * @return this builder
         */
        public Builder driverParent(Path parent) {
            this.driverParent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /**
         * Hears peers come up and get lost.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder peerListener(PeerListener listener) {
            this.peerListener = Objects.requireNonNull(listener, "peer listener");
            return this;
        }

        /**
         * Where {@link io.rampart.SupervisionEvent.PeerUp} and {@link io.rampart.SupervisionEvent.PeerLost} go: give
         * it the engine's own supervision listener to see peers beside restarts and stalls. Called on the wire
         * thread: keep it short.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder supervisionEvents(io.rampart.SupervisionListener listener) {
            this.supervisionListener = Objects.requireNonNull(listener, "supervision listener");
            return this;
        }

        /**
         * Hears every frame and HELLO this node refuses.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder rejectionListener(RejectionListener listener) {
            this.rejectionListener = Objects.requireNonNull(listener, "rejection listener");
            return this;
        }

        /** The clock of liveness and offer timeouts, for tests. */
        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock);
            return this;
        }

        /** The clock HELLOs are stamped and checked with, for tests. */
        Builder epochMillis(LongSupplier clock) {
            this.epochMillis = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * @return the node, not started
         * @throws IllegalStateException if no endpoint was given, or the heartbeat is not shorter than the peer
         *                               timeout, or the frame length does not fit the term
         */
        public Node build() {
            if (listen == null) {
                throw new IllegalStateException("node " + id + " needs an endpoint to listen on: listen(...)");
            }
            if (heartbeat.compareTo(peerTimeout) >= 0) {
                throw new IllegalStateException("heartbeat (" + heartbeat + ") must be shorter than the peer timeout ("
                        + peerTimeout + "), or every peer would be lost between two heartbeats");
            }
            if (maxFrameLength < 128 || maxFrameLength > termLength / 8) {
                throw new IllegalStateException("max frame length must be 128 to " + termLength / 8 + " bytes, was "
                        + maxFrameLength);
            }
            for (RemoteGroup<?, ?> g : remotes) {
                if (hosted.containsKey(g.name())) {
                    throw new IllegalStateException("group '" + g.name() + "' is both hosted here and remote");
                }
                for (int node : g.placement().keySet()) {
                    if (!peers.containsKey(node)) {
                        throw new IllegalStateException("remote group '" + g.name() + "' is placed on node " + node
                                + ", which is not a peer of node " + id + ": add peer(" + node + ", ...)");
                    }
                }
            }
            return new Node(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
