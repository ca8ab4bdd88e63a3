package io.rampart.demo.cluster;

import io.rampart.Backpressure;
import io.rampart.Context;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.remote.Codecs;
import io.rampart.remote.Endpoint;
import io.rampart.remote.Node;
import io.rampart.remote.PeerListener;
import io.rampart.remote.PeerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node of a Rampart cluster over Aeron (UDP), as its own process: it either hosts the group {@code "work"}
 * for its peers, or sends tells and asks to a remote {@code "work"} placed on other nodes and counts what became
 * of every one of them, as {@link Node}'s delivery promise says. scripts/cluster-demo.sh starts three of these and
 * kills one; src-test/integration's ClusterIT does the same under JUnit.
 *
 * <pre>
 *   node 1 (sender)                                   node 2 (host)          node 3 (host)
 *   tellOne/askOne -> mirror slots 0..3 --UDP--> slots 0,1 of "work"   slots 0,1 of "work"
 * </pre>
 *
 * <p>Every event is a line on stdout ({@code READY}, {@code PEER_UP}, {@code PEER_LOST}, {@code STATUS} every
 * 200 ms on a host, {@code PROGRESS} on a sender, then {@code PEER_RESULT} per peer and {@code RESULT});
 * see {@link Options#USAGE} and {@link Sender} for the accounting. A sender exits 0 only if it balances.
 * Any JVM running a node needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona).
 */
public final class ClusterNode {
    /** The secret every demo node shares unless given {@code --secret-file}: printed as what it is. */
    static final String DEMO_SECRET = "rampart cluster demo secret - not a secret";

    private ClusterNode() {
    }

    /**
     * Runs a node; see {@link Options#USAGE}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        Options o;
        byte[] secret;
        try {
            o = Options.parse(args);
            secret = secret(o);
        } catch (Options.BadUsage e) {
            if (e.getMessage().isEmpty()) {
                System.out.println(Options.USAGE);
                System.exit(0);
            }
            System.err.println("ClusterNode: " + e.getMessage());
            System.err.println();
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        int code;
        try {
            code = o.hosts() ? new Host(o, secret).run() : new Sender(o, secret).run();
        } catch (Throwable t) {
            Out.line("FAILED", "id", o.id, "what", t.toString());
            t.printStackTrace();
            code = 3;
        }
        Out.line("EXIT", "id", o.id, "code", code);
        System.exit(code);
    }

    private static byte[] secret(Options o) throws Options.BadUsage {
        if (o.secretFile == null) {
            Out.line("SECRET", "id", o.id, "source", "demo",
                    "note", "the fixed demo secret, known to anyone who reads this code: use --secret-file");
            return DEMO_SECRET.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(o.secretFile);
        } catch (IOException e) {
            throw new Options.BadUsage("cannot read --secret-file " + o.secretFile + ": " + e);
        }
        int n = bytes.length;
        while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r')) {
            n--; // a file written by echo ends in a newline that is not part of the secret
        }
        if (n < 16) {
            throw new Options.BadUsage("--secret-file " + o.secretFile + " holds " + n
                    + " bytes; a secret needs at least 16");
        }
        Out.line("SECRET", "id", o.id, "source", "file", "bytes", n);
        return Arrays.copyOf(bytes, n);
    }

    /** The node's builder with what every role shares: endpoint, peers, liveness, driver directory, listener. */
    static Node.Builder nodeBuilder(Options o, Engine engine, byte[] secret, PeerListener listener) {
        Node.Builder b = Node.builder(o.id, engine, secret)
                .listen(Endpoint.udp(o.bind, o.port))
                .peerTimeout(Duration.ofMillis(o.peerTimeoutMs))
                .peerListener(listener);
        o.peers.forEach(b::peer);
        if (o.aeronDir != null) {
            b.driverParent(o.aeronDir);
        }
        return b;
    }

    /** The peers' ids: {@code 1,3}. */
    static String peerIds(Options o) {
        StringJoiner j = new StringJoiner(",");
        o.peers.keySet().forEach(id -> j.add(Integer.toString(id)));
        return j.toString();
    }

    /** Which peers are up: {@code 1:true,3:false}. */
    static String up(Node node) {
        Map<Integer, Boolean> m = new LinkedHashMap<>();
        for (PeerStatus p : node.peers()) {
            m.put(p.node(), p.up());
        }
        return Out.map(m);
    }

    /** Counts down when standard input closes (the parent died, or closed it to say "stop"). */
    static CountDownLatch watchStdin(CountDownLatch closed) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[256];
            try (InputStream in = System.in) {
                while (in.read(buffer) >= 0) {
                    // what a host is sent is ignored: only the close matters
                }
            } catch (IOException e) {
                // closed all the same
            }
            closed.countDown();
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
        return closed;
    }

    /** The host role: the group "work" on this node's engine, hosted for its peers. */
    static final class Host {
        private final Options o;
        private final byte[] secret;
        private final LongAdder tellsHandled = new LongAdder();
        private final LongAdder asksHandled = new LongAdder();
        private final LongAdder deadLetters = new LongAdder();
        private Engine engine;
        private Node node;
        private boolean closed;

        Host(Options o, byte[] secret) {
            this.o = o;
            this.secret = secret;
        }

        int run() throws InterruptedException {
            String me = "node" + o.id;
            GroupSpec<String, String> work = GroupSpec.builder("work", String.class).answers(String.class)
                    .redundancy(o.hostSlots)
                    .backpressure(Backpressure.failFast())
                    .handler(() -> (String msg, Context ctx) -> {
                        if (ctx.isAsk()) {
                            asksHandled.increment();
                            ctx.reply(me + "/slot" + ctx.slot() + ":" + msg);
                        } else {
                            tellsHandled.increment();
                        }
                    })
                    .build();
            engine = Engine.builder().name(me).group(work).deadLetters(d -> deadLetters.increment()).build();
            engine.start();
            node = nodeBuilder(o, engine, secret, new PeerListener() {
                @Override
                public void onPeerUp(int peer) {
                    Out.line("PEER_UP", "id", o.id, "peer", peer);
                }

                @Override
                public void onPeerLost(int peer, String why, int asksFailed, long tellsInDoubt) {
                    Out.line("PEER_LOST", "id", o.id, "peer", peer, "why", why);
                }
            }).host(work, Codecs.utf8(), Codecs.utf8()).build();
            node.start();
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "host-shutdown")); // SIGTERM: a final BYE
            Out.line("READY", "id", o.id, "role", "host", "port", o.port, "group", "work", "slots", o.hostSlots,
                    "peers", peerIds(o));
            CountDownLatch stop = new CountDownLatch(1);
            if (o.stdin) {
                watchStdin(stop);
            }
            long deadline = o.seconds > 0 ? System.nanoTime() + (long) (o.seconds * 1e9) : Long.MAX_VALUE;
            while (!stop.await(o.statusMs, TimeUnit.MILLISECONDS) && System.nanoTime() - deadline < 0) {
                status("STATUS");
            }
            close();
            return 0;
        }

        private void status(String kind) {
            Out.line(kind, "id", o.id, "handled", tellsHandled.sum(), "refusedOnArrival", node.tellsRefusedOnArrival(),
                    "asksHandled", asksHandled.sum(), "engineHandled", engine.metrics("work").handled(),
                    "repliesDropped", node.repliesDropped(), "lateAnswers", node.lateAnswers(),
                    "deadLetters", deadLetters.sum(), "up", up(node));
        }

        /** Stops the node, then the engine (its rings drain), then prints the final counts: once. */
        private synchronized void close() {
            if (closed || node == null) {
                return;
            }
            closed = true;
            node.close();
            engine.close();
            status("BYE");
        }
    }
}
