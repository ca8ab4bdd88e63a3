package io.rampart.bench;

import io.rampart.Backpressure;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.remote.Codecs;
import io.rampart.remote.Endpoint;
import io.rampart.remote.Node;
import io.rampart.remote.RemoteGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two nodes in one JVM for {@link RemoteAsk} and {@link RemoteTell}: node 2 hosts the group "remote-echo" (one slot,
 * answering an ask with its message), node 1 mirrors it, and the benchmark sends through node 1's engine.
 *
 * <p>One media driver for both nodes, as {@link EmbeddedAeron} has one for the raw baselines: node 2 launches its
 * embedded driver (ThreadingMode.SHARED, {@code BackoffIdleStrategy(10, 5, 1 µs, 1 ms)}), node 1 uses it through
 * its Aeron directory. Over {@code ipc} the nodes listen on IPC streams; over {@code udp} on two loopback ports, so
 * the driver's one thread sends and receives every frame, as in {@link AeronPingPong}'s {@code udp}.
 *
 * <p>Threads besides the benchmark's: the driver (1), each node's wire thread (2, the same backoff), node 1's
 * mirror slot and node 2's slot (2, the engine's default wait: 100 spins, 100 yields, then park), and node 1's ask
 * timer. None busy-spins.
 */
final class RemoteNodes implements AutoCloseable {
    static final String GROUP = "remote-echo";
    static final byte[] SECRET = "rampart benchmark cluster secret".getBytes(StandardCharsets.UTF_8);

    final Engine hostEngine;
    final Engine senderEngine;
    final Node host;
    final Node sender;
    final AtomicLong handled = new AtomicLong();
    private final Path parent;

    RemoteNodes(String path, int hostRing) {
        try {
            parent = Files.createTempDirectory("rampart-remote-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Endpoint hostAt;
        Endpoint senderAt;
        if (EmbeddedAeron.IPC.equals(path)) {
            hostAt = Endpoint.ipc(3002);
            senderAt = Endpoint.ipc(3001);
        } else if (EmbeddedAeron.UDP.equals(path)) {
            hostAt = Endpoint.udp("127.0.0.1", freeUdpPort());
            senderAt = Endpoint.udp("127.0.0.1", freeUdpPort());
        } else {
            throw new IllegalArgumentException("path must be ipc or udp, was " + path);
        }
        GroupSpec<byte[], byte[]> echo = GroupSpec.builder(GROUP, byte[].class).answers(byte[].class)
                .ringSize(hostRing)
                .backpressure(Backpressure.failFast())
                .handler(() -> (byte[] m, io.rampart.Context ctx) -> {
                    handled.incrementAndGet();
                    if (ctx.isAsk()) {
                        ctx.reply(m);
                    }
                })
                .build();
        hostEngine = Engine.builder().name("bench-host").group(echo).build();
        hostEngine.start();
        host = Node.builder(2, hostEngine, SECRET).listen(hostAt).peer(1, senderAt)
                .host(echo, Codecs.bytes(), Codecs.bytes()).driverParent(parent).build();
        host.start();
        senderEngine = Engine.builder().name("bench-sender").build();
        senderEngine.start();
        sender = Node.builder(1, senderEngine, SECRET).listen(senderAt).peer(2, hostAt)
                .aeronDirectory(host.aeronDirectory())
                .remote(RemoteGroup.builder(GROUP, Codecs.bytes()).answers(Codecs.bytes()).on(2, 1).build())
                .build();
        sender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!sender.isUp(2)) {
            if (System.nanoTime() - deadline > 0) {
                close();
                throw new IllegalStateException("node 2 did not come up for node 1 within 20 s over " + path);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            sender.close();
            host.close();
        } finally {
            senderEngine.close();
            hostEngine.close();
            org.agrona.IoUtil.delete(parent.toFile(), true);
        }
    }
}
