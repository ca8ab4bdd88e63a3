package io.rampart.demo.cluster;

import io.rampart.remote.Endpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ClusterNode}'s command line, parsed and checked. */
final class Options {
    static final String USAGE = String.join("\n",
            "usage: java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks.jar \\",
            "         io.rampart.demo.cluster.ClusterNode --id N --peers 1=40101,2=40102,3=40103 ROLE [options]",
            "",
            "  --id N               this node's id (0 or more)",
            "  --peers LIST         the cluster: id=port or id=host:port, comma separated (host 127.0.0.1 by default);",
            "                       this node's own entry, if any, gives its port",
            "  --port P             the UDP port this node listens on (default: its entry in --peers)",
            "  --bind ADDR          the address it listens on (default 127.0.0.1)",
            "roles (one of):",
            "  --host-slots K       host the group \"work\" with K slots (1 to 64): a tell is counted, an ask is",
            "                       answered \"node<id>/slot<s>:<message>\"; backpressure failFast",
            "  --send-to LIST       send to the remote group \"work\" placed as node:slots,... e.g. 2:2,3:2",
            "sender options:",
            "  --tells T            tells to send (default 0)",
            "  --asks A             asks to send (default 0), spread evenly among the tells",
            "  --rate R             messages per second, open loop (default 1000)",
            "  --ask-timeout-ms MS  the engine's ask timeout (default 5000)",
            "  --settle-ms MS       how long to wait after sending for every outcome to be counted (default 15000)",
            "  --wait-peers-ms MS   how long to wait for every placed node to come up (default 30000)",
            "common options:",
            "  --secret-file PATH   the cluster's shared secret, at least 16 bytes (default: a fixed demo secret)",
            "  --seconds S          host: stop after S seconds (default: run until killed)",
            "  --stdin              exit when standard input closes; a sender, after its run, reads commands from",
            "                       it: ASKS n, TELLS n, PEERS",
            "  --status-ms MS       how often a STATUS (host) or PROGRESS (sender) line is printed (default 200)",
            "  --peer-timeout-ms MS how long a silent peer stays up (default 1000, the node's default)",
            "  --aeron-dir DIR      where the embedded media driver's directory is made (default /dev/shm)",
            "",
            "Prints one machine-readable line per event on stdout (READY, PEER_UP, PEER_LOST, STATUS, PROGRESS,",
            "PEER_RESULT, RESULT, ...); logs go to stderr. A sender exits 0 only if its accounting balances.");

    int id = -1;
    int port = -1;
    String bind = "127.0.0.1";
    final Map<Integer, Endpoint> peers = new LinkedHashMap<>();
    int hostSlots;
    final Map<Integer, Integer> sendTo = new LinkedHashMap<>();
    long tells;
    long asks;
    double rate = 1000;
    long askTimeoutMs = 5000;
    long settleMs = 15_000;
    long waitPeersMs = 30_000;
    Path secretFile;
    double seconds;
    boolean stdin;
    long statusMs = 200;
    long peerTimeoutMs = 1000;
    Path aeronDir;

    /** A command line that cannot be run: the message says why. */
    static final class BadUsage extends Exception {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message);
        }
    }

    boolean hosts() {
        return hostSlots > 0;
    }

    boolean sends() {
        return !sendTo.isEmpty();
    }

    static Options parse(String[] args) throws BadUsage {
        Options o = new Options();
        Map<Integer, Endpoint> cluster = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--stdin")) {
                o.stdin = true;
                continue;
            }
            if (key.equals("--help") || key.equals("-h")) {
                throw new BadUsage("");
            }
            if (!key.startsWith("--")) {
                throw new BadUsage("expected an option, got '" + key + "'");
            }
            if (i + 1 >= args.length) {
                throw new BadUsage(key + " needs a value");
            }
            String value = args[++i];
            switch (key) {
                case "--id" -> o.id = intIn(key, value, 0, Integer.MAX_VALUE);
                case "--port" -> o.port = intIn(key, value, 1, 65_535);
                case "--bind" -> o.bind = value;
                case "--peers" -> cluster.putAll(peers(value, o));
                case "--host-slots" -> o.hostSlots = intIn(key, value, 1, 64);
                case "--send-to" -> o.sendTo.putAll(placement(value));
                case "--tells" -> o.tells = longIn(key, value, 0, 100_000_000);
                case "--asks" -> o.asks = longIn(key, value, 0, 10_000_000);
                case "--rate" -> {
                    o.rate = number(key, value);
                    if (!(o.rate > 0)) {
                        throw new BadUsage("--rate must be more than 0, was " + value);
                    }
                }
                case "--ask-timeout-ms" -> o.askTimeoutMs = longIn(key, value, 1, 3_600_000);
                case "--settle-ms" -> o.settleMs = longIn(key, value, 0, 3_600_000);
                case "--wait-peers-ms" -> o.waitPeersMs = longIn(key, value, 0, 3_600_000);
                case "--secret-file" -> o.secretFile = Path.of(value);
                case "--seconds" -> {
                    o.seconds = number(key, value);
                    if (!(o.seconds > 0)) {
                        throw new BadUsage("--seconds must be more than 0, was " + value);
                    }
                }
                case "--status-ms" -> o.statusMs = longIn(key, value, 10, 60_000);
                case "--peer-timeout-ms" -> o.peerTimeoutMs = longIn(key, value, 200, 600_000);
                case "--aeron-dir" -> o.aeronDir = Path.of(value);
                default -> throw new BadUsage("unknown option " + key);
            }
        }
        if (o.id < 0) {
            throw new BadUsage("--id is required");
        }
        if (cluster.isEmpty()) {
            throw new BadUsage("--peers is required");
        }
        Endpoint own = cluster.remove(o.id);
        if (o.port < 0) {
            if (own == null) {
                throw new BadUsage("--port is required when --peers has no entry for this node (" + o.id + ")");
            }
            o.port = portOf(own);
        }
        if (cluster.isEmpty()) {
            throw new BadUsage("--peers names no node but this one");
        }
        o.peers.putAll(cluster);
        if (o.hosts() == o.sends()) {
            throw new BadUsage(o.hosts()
                    ? "a node either hosts \"work\" (--host-slots) or sends to it (--send-to), not both: the group"
                    + " would be both local and remote"
                    : "give a role: --host-slots K (host) or --send-to LIST (sender)");
        }
        for (int node : o.sendTo.keySet()) {
            if (!o.peers.containsKey(node)) {
                throw new BadUsage("--send-to places slots on node " + node + ", which is not in --peers");
            }
        }
        if (o.sends() && o.seconds > 0) {
            throw new BadUsage("--seconds is for a host; a sender runs until its tells and asks are counted");
        }
        if (o.hosts() && (o.tells > 0 || o.asks > 0)) {
            throw new BadUsage("--tells and --asks are for a sender (--send-to)");
        }
        return o;
    }

    private static Map<Integer, Endpoint> peers(String list, Options o) throws BadUsage {
        Map<Integer, Endpoint> out = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new BadUsage("--peers entry '" + entry + "' is not id=port or id=host:port");
            }
            int node = intIn("--peers id", kv[0].trim(), 0, Integer.MAX_VALUE);
            String where = kv[1].trim();
            int colon = where.lastIndexOf(':');
            String host = colon < 0 ? "127.0.0.1" : where.substring(0, colon);
            int port = intIn("--peers port", colon < 0 ? where : where.substring(colon + 1), 1, 65_535);
            try {
                if (out.put(node, Endpoint.udp(host, port)) != null) {
                    throw new BadUsage("--peers names node " + node + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw new BadUsage("--peers entry '" + entry + "': " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<Integer, Integer> placement(String list) throws BadUsage {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.trim().split(":", 2);
            if (kv.length != 2) {
                throw new BadUsage("--send-to entry '" + entry + "' is not node:slots");
            }
            int node = intIn("--send-to node", kv[0].trim(), 0, Integer.MAX_VALUE);
            if (out.put(node, intIn("--send-to slots", kv[1].trim(), 1, 64)) != null) {
                throw new BadUsage("--send-to names node " + node + " twice");
            }
        }
        return out;
    }

    static int portOf(Endpoint e) {
        String channel = e.channel();
        return Integer.parseInt(channel.substring(channel.lastIndexOf(':') + 1));
    }

    private static int intIn(String key, String value, int min, int max) throws BadUsage {
        return (int) longIn(key, value, min, max);
    }

    private static long longIn(String key, String value, long min, long max) throws BadUsage {
        long v;
        try {
            v = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BadUsage(key + " must be a whole number, was '" + value + "'");
        }
        if (v < min || v > max) {
            throw new BadUsage(key + " must be " + min + " to " + max + ", was " + v);
        }
        return v;
    }

    private static double number(String key, String value) throws BadUsage {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadUsage(key + " must be a number, was '" + value + "'");
        }
    }
}
