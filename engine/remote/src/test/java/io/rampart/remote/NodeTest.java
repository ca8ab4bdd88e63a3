package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rampart.Backpressure;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.SlotUnavailableException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two and three nodes in one JVM, each with its own embedded media driver, over UDP on loopback (and two nodes
 * sharing one driver over IPC): remote tells and asks through the engine's own {@link Distributor}, with every
 * outcome counted; a peer lost with asks in flight, and back; a stranger refused.
 */
class NodeTest {
    static final byte[] SECRET = "a secret of the test cluster".getBytes(StandardCharsets.UTF_8);
    static final byte[] WRONG = "not the secret of the cluster".getBytes(StandardCharsets.UTF_8);
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path drivers;

    final List<AutoCloseable> toClose = new ArrayList<>();
    final ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A host group: answers "slot:message" from the slot that took it; "fail" throws; "block" waits for gate. */
    static GroupSpec<String, String> echo(String name, int slots, CountDownLatch gate, AtomicInteger handled) {
        return GroupSpec.builder(name, String.class).answers(String.class)
                .redundancy(slots)
                .backpressure(Backpressure.failFast())
                .handler(() -> (String msg, io.rampart.Context ctx) -> {
                    handled.incrementAndGet();
                    if (msg.equals("fail")) {
                        throw new IllegalStateException("asked to fail");
                    }
                    if (msg.equals("block")) {
                        gate.await();
                    }
                    if (ctx.isAsk()) {
                        ctx.reply(ctx.slot() + ":" + msg);
                    }
                })
                .build();
    }

    Engine engine(String name, GroupSpec<?, ?>... groups) {
        Engine.Builder b = Engine.builder().name(name).deadLetters(deadLetters::add);
        for (GroupSpec<?, ?> g : groups) {
            b.group(g);
        }
        Engine e = b.build();
        e.start();
        toClose.add(e);
        return e;
    }

    Node start(Node.Builder builder) {
        Node node = builder.driverParent(drivers).build();
        node.start();
        toClose.add(node);
        return node;
    }

    static RemoteGroup<String, String> remoteEcho(String name, Map<Integer, Integer> placement) {
        RemoteGroup.Builder<String, String> b = RemoteGroup.builder(name, Codecs.utf8()).answers(Codecs.utf8());
        placement.forEach(b::on);
        return b.build();
    }

    @Test
    void tellsAndAsksReachTheRemoteSlotsThroughTheEnginesOwnDistributor() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        AtomicInteger handled = new AtomicInteger();
        GroupSpec<String, String> echo = echo("echo", 2, new CountDownLatch(0), handled);
        Engine hostEngine = engine("host", echo);
        start(Node.builder(2, hostEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(echo, Codecs.utf8(), Codecs.utf8()));
        Engine senderEngine = engine("sender");
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p1))
                .peer(2, Endpoint.udp("127.0.0.1", p2)).remote(remoteEcho("echo", Map.of(2, 2))));
        await().atMost(PATIENCE).until(() -> sender.isUp(2));

        Distributor<String, String> remote = senderEngine.distributor("echo", String.class, String.class);
        assertThat(remote.redundancy()).isEqualTo(2);
        int tells = 2_000;
        for (int i = 0; i < tells; i++) {
            remote.tellOne("t" + i);
        }
        await().atMost(PATIENCE).until(() -> handled.get() == tells);
        assertThat(hostEngine.metrics("echo").slots()).allSatisfy(s -> assertThat(s.handled()).isEqualTo(tells / 2));

        List<CompletableFuture<String>> asks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            asks.add(remote.askOne("q" + i));
        }
        for (int i = 0; i < asks.size(); i++) {
            assertThat(asks.get(i).get(20, TimeUnit.SECONDS)).endsWith(":q" + i);
        }
        List<String> everyone = new ArrayList<>();
        for (CompletableFuture<String> f : remote.askEveryone("all?")) {
            everyone.add(f.get(20, TimeUnit.SECONDS));
        }
        assertThat(everyone).containsExactlyInAnyOrder("0:all?", "1:all?");
        assertThat(remote.tellEveryone("all")).isEqualTo(2);

        assertThatThrownBy(() -> remote.askOne("fail").get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RemoteAskException.class)
                .hasMessageContaining("asked to fail")
                .extracting(e -> ((RemoteAskException) e).reason())
                .isEqualTo(RemoteAskException.Reason.HANDLER_FAILED);

        await().atMost(PATIENCE).until(() -> handled.get() == tells + 200 + 2 + 2 + 1);
        PeerStatus host = sender.peers().get(0);
        assertThat(host.up()).isTrue();
        assertThat(host.tellsSent()).isEqualTo(tells + 2);
        await().atMost(PATIENCE).until(() -> sender.peers().get(0).tellsAcknowledged() == tells + 2);
        assertThat(host.asksSent()).isEqualTo(200 + 2 + 1);
        assertThat(host.asksPending()).isZero();
        assertThat(host.tellsInDoubt()).isZero();
        assertThat(sender.counters().rejected()).as(sender.counters().toString()).isZero();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aLostPeersAsksFailWithinThePeerTimeoutItsSlotsAreRoutedAroundAndItComesBack() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        int p3 = freeUdpPort();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled2 = new AtomicInteger();
        AtomicInteger handled3 = new AtomicInteger();
        GroupSpec<String, String> on2 = echo("work", 1, gate, handled2);
        GroupSpec<String, String> on3 = echo("work", 1, gate, handled3);
        Engine engine2 = engine("n2", on2);
        Engine engine3 = engine("n3", on3);
        Node.Builder node2 = Node.builder(2, engine2, SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(on2, Codecs.utf8(), Codecs.utf8());
        Node n2 = start(node2);
        start(Node.builder(3, engine3, SECRET).listen(Endpoint.udp("127.0.0.1", p3))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(on3, Codecs.utf8(), Codecs.utf8()));
        Engine senderEngine = engine("n1");
        ConcurrentHashMap<Integer, Long> lostAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<io.rampart.SupervisionEvent> events = new ConcurrentLinkedQueue<>();
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p1))
                .supervisionEvents(events::add)
                .peer(2, Endpoint.udp("127.0.0.1", p2)).peer(3, Endpoint.udp("127.0.0.1", p3))
                .remote(RemoteGroup.builder("work", Codecs.utf8()).answers(Codecs.utf8()).on(2, 1).on(3, 1).build())
                .peerListener(new PeerListener() {
                    @Override
                    public void onPeerLost(int node, String why, int asksFailed, long tellsInDoubt) {
                        lostAt.put(node, System.nanoTime());
                    }
                }));
        await().atMost(PATIENCE).until(() -> sender.isUp(2) && sender.isUp(3));
        Distributor<String, String> work = senderEngine.distributor("work", String.class, String.class);

        // Asks that node 2 takes and holds: its slot waits on the gate.
        CompletableFuture<String> held = work.askTo(0, "block");
        await().atMost(PATIENCE).until(() -> handled2.get() == 1);
        long killedAt = System.nanoTime();
        n2.close(); // its stream closes: node 1 loses it at once or within the peer timeout, whichever first
        assertThatThrownBy(() -> held.get(20, TimeUnit.SECONDS)).cause()
                .isInstanceOf(RemoteAskException.class)
                .extracting(e -> ((RemoteAskException) e).reason()).isEqualTo(RemoteAskException.Reason.PEER_LOST);
        await().atMost(PATIENCE).until(() -> lostAt.containsKey(2)); // the listener hears of it after the asks fail
        long failedAfter = TimeUnit.NANOSECONDS.toMillis(lostAt.get(2) - killedAt);
        assertThat(failedAfter).as("ms from close to PEER_LOST").isLessThan(1_000 + 500);
        gate.countDown();

        // Node 2's slot is routed around: every askOne goes to node 3 now.
        for (int i = 0; i < 50; i++) {
            assertThat(work.askOne("after" + i).get(20, TimeUnit.SECONDS)).isEqualTo("0:after" + i);
        }
        assertThat(handled3.get()).isEqualTo(50);
        // A tell addressed to node 2's mirror is dead-lettered here with the reason, not lost.
        work.tellTo(0, "to the dead");
        await().atMost(PATIENCE).until(() -> !deadLetters.isEmpty());
        DeadLetter dl = deadLetters.poll();
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
        assertThat(dl.cause()).isInstanceOf(RemoteUnavailableException.class);
        assertThat(((RemoteUnavailableException) dl.cause()).reason())
                .isEqualTo(RemoteUnavailableException.Reason.NOT_CONNECTED);
        assertThat(events).contains(new io.rampart.SupervisionEvent.PeerUp("n1", 1, 2),
                new io.rampart.SupervisionEvent.PeerUp("n1", 1, 3));
        assertThat(events).filteredOn(e -> e instanceof io.rampart.SupervisionEvent.PeerLost).singleElement()
                .satisfies(e -> {
                    io.rampart.SupervisionEvent.PeerLost lost = (io.rampart.SupervisionEvent.PeerLost) e;
                    assertThat(lost.peer()).isEqualTo(2);
                    assertThat(lost.asksFailed()).isEqualTo(1);
                });
        PeerStatus two = sender.peers().get(0);
        assertThat(two.up()).isFalse();
        assertThat(two.timesLost()).isEqualTo(1);
        assertThat(two.asksFailedLost()).isEqualTo(1);

        // Node 2 comes back on the same port, with a new driver and engine: it is up again and takes asks.
        toClose.remove(n2);
        Engine engine2b = engine("n2b", on2);
        start(Node.builder(2, engine2b, SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(on2, Codecs.utf8(), Codecs.utf8()));
        await().atMost(PATIENCE).until(() -> sender.isUp(2));
        assertThat(work.askTo(0, "again").get(20, TimeUnit.SECONDS)).isEqualTo("0:again");
    }

    /**
     * The send path of a remote tell with a built-in codec allocates nothing once warm: the caller's tellOne and the
     * mirror slot's encode and offer, counted with the JVM's per-thread allocation counters (a count, not a timing).
     */
    @Test
    void aRemoteTellAllocatesNothingPerMessageOnTheSendingSideOnceWarm() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        AtomicInteger handled = new AtomicInteger();
        GroupSpec<String, String> echo = GroupSpec.builder("count", String.class).answers(String.class)
                .ringSize(1 << 16).backpressure(Backpressure.failFast())
                .handler(() -> (String msg, io.rampart.Context ctx) -> handled.incrementAndGet()).build();
        start(Node.builder(2, engine("counting", echo), SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(echo, Codecs.utf8(), Codecs.utf8()));
        Engine senderEngine = engine("quiet");
        // A mirror ring larger than the measured tells: the caller never waits for room, so what is counted is
        // tellOne's own path (the wait for a full ring is the engine's, not this module's).
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p1))
                .peer(2, Endpoint.udp("127.0.0.1", p2)).remote(RemoteGroup.builder("count", Codecs.utf8())
                        .answers(Codecs.utf8()).on(2, 1).ringSize(1 << 16).build()));
        await().atMost(PATIENCE).until(() -> sender.isUp(2));
        Distributor<String, String> remote = senderEngine.distributor("count", String.class, String.class);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        String message = "a tell of constant text";
        int warm = 20_000;
        for (int i = 0; i < warm; i++) {
            remote.tellOne(message);
        }
        await().atMost(PATIENCE).until(() -> handled.get() == warm);
        Thread mirror = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("quiet-count-0")).findFirst().orElseThrow();
        long[] ids = {Thread.currentThread().getId(), mirror.getId()};
        long[] before = threads.getThreadAllocatedBytes(ids);
        int measured = 50_000;
        for (int i = 0; i < measured; i++) {
            remote.tellOne(message);
        }
        long callerAfter = threads.getThreadAllocatedBytes(ids[0]);
        await().atMost(PATIENCE).until(() -> handled.get() == warm + measured);
        long[] after = threads.getThreadAllocatedBytes(ids);
        after[0] = callerAfter; // before the await, whose polling allocates on this thread
        // Not per message: the smallest object per message would be 16 B, 800,000 B here; the bound is a twentieth
        // of that. Seen: the caller under 2 KB per 50,000 tells on JDK 17 and about 3 KB on JDK 25 (0.06 B a tell),
        // the mirror's thread about 7 KB (0.15 B a tell: per wake-up or batch); neither traced further.
        assertThat(after[0] - before[0]).as("caller's bytes for %d tells", measured).isLessThan(measured * 16L / 20);
        assertThat(after[1] - before[1]).as("mirror slot's bytes for %d tells", measured)
                .isLessThan(measured * 16L / 20);
    }

    @Test
    void whenEveryRemoteSlotIsDownASendIsRefusedAtTheCallSite() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        Engine senderEngine = engine("alone");
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p1))
                .peer(2, Endpoint.udp("127.0.0.1", p2)).remote(remoteEcho("nobody", Map.of(2, 1))));
        Distributor<String, String> nobody = senderEngine.distributor("nobody", String.class, String.class);
        assertThat(sender.isUp(2)).isFalse();
        assertThatThrownBy(() -> nobody.tellOne("x")).isInstanceOf(SlotUnavailableException.class);
        // An ask's refusal completes its future, as for a local group.
        assertThatThrownBy(() -> nobody.askOne("x").get(20, TimeUnit.SECONDS)).cause()
                .isInstanceOf(SlotUnavailableException.class);
        assertThat(nobody.tryTellOne("x")).isFalse();
    }

    @Test
    void aPeerWithTheWrongSecretIsRefusedAndNeverComesUp() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        AtomicInteger handled = new AtomicInteger();
        GroupSpec<String, String> echo = echo("guarded", 1, new CountDownLatch(0), handled);
        Node host = start(Node.builder(2, engine("h", echo), SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(echo, Codecs.utf8(), Codecs.utf8()));
        Node stranger = start(Node.builder(1, engine("s"), WRONG).listen(Endpoint.udp("127.0.0.1", p1))
                .peer(2, Endpoint.udp("127.0.0.1", p2)).remote(remoteEcho("guarded", Map.of(2, 1))));
        await().atMost(PATIENCE).until(() -> host.counters().helloRefused(HelloRefusal.WRONG_SECRET) >= 3);
        assertThat(stranger.isUp(2)).isFalse();
        assertThat(host.isUp(1)).isFalse();
        assertThat(handled.get()).isZero();
    }

    /**
     * A stranger's raw Aeron publication to a node's endpoint: a short frame, an oversized one, an unknown type and
     * a TELL from a session that never said HELLO are each refused and counted, none is dispatched, and the node goes
     * on serving its peer.
     */
    @Test
    void malformedAndUnauthenticatedFramesFromAStrangerAreCountedAndHarmNothing() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        AtomicInteger handled = new AtomicInteger();
        GroupSpec<String, String> echo = echo("target", 1, new CountDownLatch(0), handled);
        Node host = start(Node.builder(2, engine("th", echo), SECRET).listen(Endpoint.udp("127.0.0.1", p2))
                .peer(1, Endpoint.udp("127.0.0.1", p1)).host(echo, Codecs.utf8(), Codecs.utf8()));
        Engine senderEngine = engine("ts");
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.udp("127.0.0.1", p1))
                .peer(2, Endpoint.udp("127.0.0.1", p2)).remote(remoteEcho("target", Map.of(2, 1))));
        await().atMost(PATIENCE).until(() -> sender.isUp(2));

        try (io.aeron.Aeron aeron = io.aeron.Aeron.connect(new io.aeron.Aeron.Context()
                .aeronDirectoryName(host.aeronDirectory()));
             io.aeron.Publication stranger = aeron.addPublication(host.endpoint().channel(),
                     host.endpoint().streamId())) {
            await().atMost(PATIENCE).until(stranger::isConnected);
            org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[16 * 1024]);
            FrameWriter writer = new FrameWriter(1, 16 * 1024); // claims to be node 1, without its HELLO
            offer(stranger, buffer, 10);                                              // SHORT
            offer(stranger, buffer, writer.tell(buffer, 0, WireGroup.idOf("target"), false, Codecs.bytes(),
                    new byte[12 * 1024]));                                            // OVERSIZED (max 8 KiB)
            int length = writer.tell(buffer, 0, WireGroup.idOf("target"), false, Codecs.utf8(), "x");
            buffer.putByte(FrameHeader.TYPE_OFFSET, (byte) 99);
            offer(stranger, buffer, length);                                          // UNKNOWN_TYPE
            offer(stranger, buffer, writer.tell(buffer, 0, WireGroup.idOf("target"), false, Codecs.utf8(),
                    "let me in"));                                                    // UNAUTHENTICATED
            RemoteCounters counters = host.counters();
            await().atMost(PATIENCE).until(() -> counters.rejected(Rejection.SHORT) == 1
                    && counters.rejected(Rejection.OVERSIZED) == 1 && counters.rejected(Rejection.UNKNOWN_TYPE) == 1
                    && counters.rejected(Rejection.UNAUTHENTICATED) == 1);
        }
        assertThat(handled.get()).isZero();
        Distributor<String, String> remote = senderEngine.distributor("target", String.class, String.class);
        assertThat(remote.askOne("still here?").get(20, TimeUnit.SECONDS)).isEqualTo("0:still here?");
        assertThat(host.counters().rejected()).isEqualTo(4);
    }

    private static void offer(io.aeron.Publication publication, org.agrona.DirectBuffer buffer, int length) {
        await().atMost(PATIENCE).until(() -> publication.offer(buffer, 0, length) > 0);
    }

    @Test
    void twoNodesSharingOneDriverTalkOverIpc() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        GroupSpec<String, String> echo = echo("ipc-echo", 1, new CountDownLatch(0), handled);
        Node host = start(Node.builder(2, engine("ih", echo), SECRET).listen(Endpoint.ipc(2002))
                .peer(1, Endpoint.ipc(2001)).host(echo, Codecs.utf8(), Codecs.utf8()));
        Engine senderEngine = engine("is");
        Node sender = start(Node.builder(1, senderEngine, SECRET).listen(Endpoint.ipc(2001))
                .peer(2, Endpoint.ipc(2002)).aeronDirectory(host.aeronDirectory())
                .remote(remoteEcho("ipc-echo", Map.of(2, 1))));
        await().atMost(PATIENCE).until(() -> sender.isUp(2));
        Distributor<String, String> remote = senderEngine.distributor("ipc-echo", String.class, String.class);
        assertThat(remote.askOne("over ipc").get(20, TimeUnit.SECONDS)).isEqualTo("0:over ipc");
        toClose.remove(sender);
        sender.close(); // before the host: it uses the host's driver
        assertThat(sender.isClosed()).isTrue();
    }

    @Test
    void badConfigurationIsRefusedAtTheCall() {
        Engine e = engine("cfg");
        GroupSpec<String, String> blocking = GroupSpec.builder("b", String.class).answers(String.class)
                .handler(() -> (m, c) -> { }).build();
        assertThatThrownBy(() -> Node.builder(1, e, SECRET).host(blocking, Codecs.utf8(), Codecs.utf8()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not wait");
        assertThatThrownBy(() -> Node.builder(1, e, "short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> Node.builder(1, e, SECRET).listen(Endpoint.udp("127.0.0.1", 9))
                .remote(remoteEcho("g", Map.of(7, 1))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a peer of node 1");
        assertThatThrownBy(() -> Node.builder(1, e, SECRET).peer(1, Endpoint.ipc(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("its own peer");
        assertThatThrownBy(() -> Endpoint.udp("127.0.0.1", 70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.udp("", 4000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Endpoint.udp(4000)).isEqualTo(new Endpoint("aeron:udp?endpoint=127.0.0.1:4000",
                Endpoint.UDP_STREAM));
        assertThat(Endpoint.udp("::1", 4000).channel()).isEqualTo("aeron:udp?endpoint=[::1]:4000");
        Engine notStarted = Engine.builder().name("idle").build();
        toClose.add(notStarted);
        Node early = Node.builder(1, notStarted, SECRET).listen(Endpoint.ipc(3)).build();
        assertThatThrownBy(early::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start the engine");
    }
}
