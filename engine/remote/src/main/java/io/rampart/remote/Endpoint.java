package io.rampart.remote;

import java.util.Objects;

/**
 * Where a node listens: an Aeron channel and stream. Its peers publish to the same channel and stream.
 *
 * <pre>{@code
 * Endpoint.udp(40101)                // UDP on loopback: another process on this host, with its own driver
 * Endpoint.udp("10.0.0.7", 40101)    // UDP unicast to another host (bind a private address, not a public one)
 * Endpoint.ipc(1002)                  // shared memory: processes on one host that share one media driver
 * }</pre>
 *
 * @param channel  the Aeron channel URI, {@code aeron:udp?endpoint=host:port} or {@code aeron:ipc}
 * @param streamId the stream within the channel; on IPC it tells the nodes sharing a driver apart
 */
public record Endpoint(String channel, int streamId) {
    /** The stream a UDP endpoint uses: the port already tells UDP endpoints apart. */
    public static final int UDP_STREAM = 1001;

    /**
     * @param channel  the Aeron channel URI
     * @param streamId the stream within the channel
     * @throws IllegalArgumentException if the channel is not an {@code aeron:udp} or {@code aeron:ipc} URI
     */
    public Endpoint {
        Objects.requireNonNull(channel, "channel");
        if (!channel.startsWith("aeron:udp?endpoint=") && !channel.equals("aeron:ipc")) {
            throw new IllegalArgumentException("channel must be aeron:udp?endpoint=host:port or aeron:ipc, was '"
                    + channel + "'");
        }
    }

    /**
     * UDP unicast on the loopback address, {@code 127.0.0.1:port}: the default a node should listen on unless other
     * hosts must reach it (nothing on the wire is encrypted; see {@link Node}).
     *
     * @param port 1 to 65535
     * @return the endpoint
     */
    public static Endpoint udp(int port) {
        return udp("127.0.0.1", port);
    }

    /**
     * UDP unicast to {@code host:port}. A node listening on it binds there: bind to a loopback address unless
     * the node must be reached from other hosts (see the package's security notes).
     *
     * @param host an address or host name, e.g. {@code 127.0.0.1}
     * @param port 1 to 65535
     * @return the endpoint
     */
    public static Endpoint udp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.indexOf('|') >= 0 || host.indexOf('?') >= 0) {
            throw new IllegalArgumentException("not a host: '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("UDP port must be 1 to 65535, was " + port);
        }
        String address = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host; // IPv6
        return new Endpoint("aeron:udp?endpoint=" + address + ":" + port, UDP_STREAM);
    }

    /**
     * Shared memory on this host, on {@code streamId}: every node using IPC endpoints must use the same media driver
     * ({@link Node.Builder#aeronDirectory}), and each listens on its own stream.
     *
     * @param streamId the node's stream, any int but 0
     * @return the endpoint
     */
    public static Endpoint ipc(int streamId) {
        if (streamId == 0) {
            throw new IllegalArgumentException("stream id 0 is reserved by Aeron");
        }
        return new Endpoint("aeron:ipc", streamId);
    }

    /** Whether this is a UDP endpoint. */
    boolean isUdp() {
        return channel.startsWith("aeron:udp");
    }

    @Override
    public String toString() {
        return channel + " stream " + streamId;
    }
}
