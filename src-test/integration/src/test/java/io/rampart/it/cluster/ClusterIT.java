package io.rampart.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rampart.it.cluster.NodeProcess.Line;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rampart nodes in separate JVMs ({@code io.rampart.demo.cluster.ClusterNode}) over Aeron UDP: a sender and its
 * hosts, every outcome of every tell and ask counted by the sender and checked against the hosts' own counts, as
 * {@code io.rampart.remote.Node}'s delivery promise states it. One host is killed with SIGKILL mid-run and
 * restarted on the same port; and, where this machine lets the test make network namespaces, a host and its sender
 * sit in two of them joined by a veth pair, so the UDP crosses an interface as between two hosts.
 *
 * <p>The test follows the nodes' stdout lines ({@link NodeProcess#await}), never sleeps for ordering, and kills
 * every child it started after each test.
 */
class ClusterIT {
    static final Duration START = Duration.ofSeconds(30);
    static final Duration RUN = Duration.ofSeconds(60);
    /** The node's default peer timeout, which ClusterNode keeps. */
    static final long PEER_TIMEOUT_MS = 1_000;
    /** What the kill-to-PEER_LOST time may exceed the peer timeout by: the 100 ms heartbeat tick, a loaded box. */
    static final long LOSS_SLACK_MS = 600;
    /** What a sender's asks may fail with, by the promise (RemoteAskException reasons, RemoteUnavailable, ...). */
    static final Set<String> PROMISED_FAILURES = Set.of("HANDLER_FAILED", "REFUSED", "TIMED_OUT", "PEER_LOST",
            "NO_SUCH_GROUP", "BAD_ANSWER", "UNAVAILABLE_NOT_CONNECTED", "UNAVAILABLE_BACK_PRESSURED",
            "UNAVAILABLE_TOO_LARGE", "UNAVAILABLE_NODE_CLOSED", "NO_SLOT", "TIMED_OUT_HERE");

    @TempDir
    Path logs;
    Path aeron;
    final List<NodeProcess> processes = new ArrayList<>();
    final List<List<String>> undo = new ArrayList<>();

    @BeforeEach
    void aeronDirectory() throws IOException {
        // The embedded media drivers' directories: in memory where there is /dev/shm, and removed after the test
        // (a node killed with SIGKILL cannot remove its own).
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : logs;
        aeron = Files.createTempDirectory(parent, "rampart-it-aeron-");
    }

    @AfterEach
    void killEveryChild() throws Exception {
        AssertionError failed = null;
        for (NodeProcess p : processes) {
            try {
                p.close();
            } catch (AssertionError e) {
                failed = e;
            }
        }
        for (int i = undo.size() - 1; i >= 0; i--) {
            run(undo.get(i));
        }
        try (Stream<Path> files = Files.walk(aeron)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        if (failed != null) {
            throw failed;
        }
    }

    NodeProcess node(String name, List<String> prefix, String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--aeron-dir", aeron.toString()));
        NodeProcess p = NodeProcess.start(name, prefix, all, logs);
        processes.add(p);
        return p;
    }

    /** Runs {@code body}; if it fails, prints every node's output first. */
    void dumpOnFailure(Body body) throws Exception {
        try {
            body.run();
        } catch (Throwable t) {
            for (NodeProcess p : processes) {
                System.out.println(p.describe());
            }
            throw t;
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static int[] freeUdpPorts(int n) throws IOException {
        DatagramSocket[] sockets = new DatagramSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (DatagramSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    /** The sender's balance as it printed it: RESULT balanced, and each sum the promise names. */
    static void assertBalanced(Line result, List<Line> peerResults) {
        assertThat(result.get("balanced")).as(result.text()).isEqualTo("true");
        long offered = peerResults.stream().mapToLong(p -> p.num("tellsSent")).sum();
        assertThat(result.num("tellsAccepted")).as("tells accepted = dead-lettered here + offered to peers")
                .isEqualTo(result.num("tellsDeadLettered") + offered);
        for (Line p : peerResults) {
            long acknowledged = p.get("up").equals("true") ? p.num("acknowledged") : 0;
            assertThat(p.num("tellsSent")).as("node %s: tells sent = acknowledged + in doubt", p.get("peer"))
                    .isEqualTo(p.num("ackAtLoss") + p.num("tellsInDoubt") + acknowledged);
        }
        long failed = result.counts("asksFailed").values().stream().mapToLong(Long::longValue).sum();
        assertThat(result.num("asksAnswered") + failed).as("every ask counted once: answered + each failure")
                .isEqualTo(result.num("asksIssued"));
        assertThat(result.num("asksCompletedTwice")).as("asks completed twice").isZero();
        assertThat(result.num("asksIncomplete")).as("asks never completed").isZero();
        assertThat(result.num("wrongAnswers")).as("answers to another message").isZero();
        assertThat(result.counts("asksFailed").keySet()).as("ask failures the promise names")
                .isSubsetOf(PROMISED_FAILURES);
        assertThat(result.counts("tellsDeadLetteredBy").keySet()).as("dead-lettered tells: a send refused here")
                .allMatch(k -> k.startsWith("HANDLER_FAILED/RemoteUnavailable."));
    }

    static List<Line> peerResults(NodeProcess sender, Line before) throws InterruptedException {
        List<Line> out = new ArrayList<>();
        for (Line l : sender.lines()) {
            if (l.kind().equals("PEER_RESULT") && l.index() < before.index()) {
                out.add(l);
            }
        }
        return out;
    }

    static Line peer(List<Line> peerResults, int node) {
        return peerResults.stream().filter(l -> l.num("peer") == node).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no PEER_RESULT for node " + node));
    }

    /** The host's own count closes the loop: it handled (or refused on arrival) what the sender says it acked. */
    static Line awaitHostCount(NodeProcess host, long acknowledged) throws InterruptedException {
        return host.await("STATUS with handled + refusedOnArrival = " + acknowledged + " (the sender's ack)",
                l -> l.kind().equals("STATUS") && l.num("handled") + l.num("refusedOnArrival") == acknowledged,
                Duration.ofSeconds(10));
    }

    @Test
    void twoJvmsEveryTellAndAskIsAccountedForUnderLoad() throws Exception {
        dumpOnFailure(() -> {
            int[] port = freeUdpPorts(2);
            String peers = "1=" + port[0] + ",2=" + port[1];
            NodeProcess host = node("host2", List.of(), "--id", "2", "--peers", peers, "--host-slots", "2",
                    "--stdin");
            NodeProcess sender = node("sender1", List.of(), "--id", "1", "--peers", peers, "--send-to", "2:2",
                    "--tells", "20000", "--asks", "2000", "--rate", "10000");
            host.await("READY", START);
            sender.await("SENDING", START);
            long sendingAt = System.nanoTime();
            Line result = sender.await("RESULT", RUN);
            long runMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendingAt);
            assertThat(sender.awaitExit(RUN)).as("the sender's exit code (0: balanced)").isZero();

            List<Line> peers1 = peerResults(sender, result);
            assertBalanced(result, peers1);
            // A healthy pair: everything got there and was answered.
            assertThat(result.num("tellsAccepted")).isEqualTo(20_000);
            assertThat(result.num("tellsDeadLettered")).isZero();
            assertThat(result.num("tellsInDoubt")).isZero();
            assertThat(result.num("asksAnswered")).isEqualTo(2_000);
            assertThat(result.counts("answersByNode")).isEqualTo(Map.of("2", 2_000L));
            Line two = peer(peers1, 2);
            assertThat(two.num("acknowledged")).isEqualTo(20_000);

            Line status = awaitHostCount(host, two.num("acknowledged"));
            host.closeStdin();
            Line bye = host.await("BYE", START);
            assertThat(host.awaitExit(START)).isZero();
            assertThat(bye.num("handled") + bye.num("refusedOnArrival")).isEqualTo(20_000);
            assertThat(bye.num("asksHandled")).isEqualTo(2_000);
            System.out.printf("two JVMs: 20000 tells, 2000 asks at 10000/s in %d ms; host: %s%n%s%n", runMs,
                    status.text(), result.text());
        });
    }

    @Test
    void aKilledHostsAsksFailPeerLostWithinThePeerTimeoutItsTellsAreInDoubtAndItComesBack() throws Exception {
        dumpOnFailure(() -> {
            int[] port = freeUdpPorts(3);
            String peers = "1=" + port[0] + ",2=" + port[1] + ",3=" + port[2];
            String[] hostArgs = {"--peers", peers, "--host-slots", "2", "--stdin"};
            NodeProcess host2 = node("host2", List.of(), concat(new String[] {"--id", "2"}, hostArgs));
            NodeProcess host3 = node("host3", List.of(), concat(new String[] {"--id", "3"}, hostArgs));
            NodeProcess sender = node("sender1", List.of(), "--id", "1", "--peers", peers, "--send-to", "2:2,3:2",
                    "--tells", "20000", "--asks", "2000", "--rate", "5000", "--stdin");
            host2.await("READY", START);
            host3.await("READY", START);
            sender.await("SENDING", START);

            // Mid-run (a third of the messages sent), SIGKILL node 3.
            sender.await("PROGRESS past 7000 sent", l -> l.kind().equals("PROGRESS") && l.num("sent") >= 7_000,
                    RUN);
            long killAt = System.currentTimeMillis();
            host3.kill();
            Line lastStatus3 = host3.last("STATUS");

            Line lost = sender.await("PEER_LOST of node 3", l -> l.is("PEER_LOST", "peer", 3), RUN);
            long lostAfterMs = lost.num("t") - killAt;
            assertThat(lostAfterMs).as("ms from SIGKILL to PEER_LOST (peer timeout %d ms)", PEER_TIMEOUT_MS)
                    .isPositive().isLessThan(PEER_TIMEOUT_MS + LOSS_SLACK_MS);
            // No loss of node 2 at any time.
            Line result = sender.await("RESULT", RUN);
            assertThat(sender.lines()).noneMatch(l -> l.is("PEER_LOST", "peer", 2));

            List<Line> peers1 = peerResults(sender, result);
            assertBalanced(result, peers1);
            Line two = peer(peers1, 2);
            Line three = peer(peers1, 3);
            // Node 3: lost once, with asks in flight failed PEER_LOST and tells in doubt, all reported.
            assertThat(three.get("up")).isEqualTo("false");
            assertThat(three.num("timesLost")).isEqualTo(1);
            assertThat(three.num("tellsSent")).as("killed host: tells sent = acknowledged at loss + in doubt")
                    .isEqualTo(lost.num("acknowledged") + three.num("tellsInDoubt"));
            // (A tell a mirror offered just as the peer was lost joins the doubt after the PEER_LOST line.)
            assertThat(three.num("tellsInDoubt")).as("tells in doubt reported").isPositive()
                    .isGreaterThanOrEqualTo(lost.num("tellsInDoubt"));
            assertThat(three.num("asksFailedLost")).as("asks failed PEER_LOST").isPositive()
                    .isEqualTo(lost.num("asksFailed"))
                    .isEqualTo(result.counts("peerLostByNode").get("3"))
                    .isEqualTo(result.counts("asksFailed").get("PEER_LOST"));
            assertThat(three.num("asksPending")).isZero();
            // What node 3 last said it handled, up to 200 ms before it died, is no more than it was sent.
            assertThat(lastStatus3).as("a STATUS line of node 3 before the kill").isNotNull();
            assertThat(lastStatus3.num("handled") + lastStatus3.num("refusedOnArrival"))
                    .isLessThanOrEqualTo(three.num("tellsSent"));
            // Node 2 took the rest: every answer after the loss is its, and it acknowledged all it was sent.
            assertThat(two.get("up")).isEqualTo("true");
            assertThat(two.num("tellsInDoubt")).isZero();
            assertThat(two.num("acknowledged")).isEqualTo(two.num("tellsSent"));
            assertThat(result.counts("answersAfterLoss")).containsOnlyKeys("2");
            assertThat(result.counts("answersAfterLoss").get("2")).isPositive();
            assertThat(two.num("tellsSent")).as("node 2 took more than half the tells")
                    .isGreaterThan(three.num("tellsSent"));
            Line status2 = awaitHostCount(host2, two.num("acknowledged"));

            // Node 3 comes back on the same port, as a new process: node 1 sees it up again, and it answers.
            int mark = sender.mark();
            long restartAt = System.currentTimeMillis();
            NodeProcess host3b = node("host3-restarted", List.of(),
                    concat(new String[] {"--id", "3"}, hostArgs));
            Line upAgain = sender.await("PEER_UP of node 3 again", mark, l -> l.is("PEER_UP", "peer", 3), START);
            sender.send("ASKS 200");
            Line asks = sender.await("ASKS_DONE", mark, l -> l.kind().equals("ASKS_DONE"), RUN);
            assertThat(asks.get("ok")).isEqualTo("true");
            assertThat(asks.num("answered")).isEqualTo(200);
            assertThat(asks.counts("answersByNode")).containsOnlyKeys("2", "3");
            assertThat(asks.counts("answersByNode").get("3")).isPositive();
            Line handled3b = host3b.await("STATUS of the restarted node 3 with the asks handled",
                    l -> l.kind().equals("STATUS") && l.num("asksHandled") == asks.counts("answersByNode").get("3"),
                    Duration.ofSeconds(10));
            sender.send("PEERS");
            Line after = sender.await("PEER_RESULT of node 3 after the restart", upAgain.index(),
                    l -> l.is("PEER_RESULT", "peer", 3), RUN);

            sender.closeStdin();
            assertThat(sender.awaitExit(RUN)).as("the sender's exit code (0: balanced)").isZero();
            for (NodeProcess h : List.of(host2, host3b)) {
                h.closeStdin();
                assertThat(h.awaitExit(START)).isZero();
            }
            System.out.printf("kill a host: SIGKILL of node 3 to PEER_LOST %d ms; node 3 up again %d ms after its"
                            + " restart%n%s%n%s%n%s%n%s%nnode 2: %s%nnode 3 last status before the kill: %s%n"
                            + "restarted node 3: %s%n%s%nafter the restart: %s%n",
                    lostAfterMs, upAgain.num("t") - restartAt, lost.text(), result.text(), two.text(),
                    three.text(), status2.text(), lastStatus3.text(), handled3b.text(), asks.text(), after.text());
        });
    }

    /** Three nodes whose sender's first run (4,000 tells to hosts 2 and 3, no asks) is over: its RESULT is out. */
    private record AfterTells(NodeProcess host3, NodeProcess sender, String[] hostArgs) {
    }

    private AfterTells threeNodesAfterTells() throws Exception {
        int[] port = freeUdpPorts(3);
        String peers = "1=" + port[0] + ",2=" + port[1] + ",3=" + port[2];
        String[] hostArgs = {"--peers", peers, "--host-slots", "2", "--stdin"};
        NodeProcess host2 = node("host2", List.of(), concat(new String[] {"--id", "2"}, hostArgs));
        NodeProcess host3 = node("host3", List.of(), concat(new String[] {"--id", "3"}, hostArgs));
        NodeProcess sender = node("sender1", List.of(), "--id", "1", "--peers", peers, "--send-to", "2:2,3:2",
                "--tells", "4000", "--asks", "0", "--rate", "4000", "--stdin", "--settle-ms", "3000");
        host2.await("READY", START);
        host3.await("READY", START);
        sender.await("RESULT", RUN);
        return new AfterTells(host3, sender, hostArgs);
    }

    /**
     * Node 3 acknowledged all 2000 tells it was sent (0 in doubt when it was lost), is killed and restarted; after
     * 1000 more tells none is in doubt. It failed before the fix (fc298e3): the restarted node's first
     * heartbeats, acknowledging 0, overwrote the lost epoch's acknowledged count while the peer was down, and the new
     * epoch's start put every tell of the lost one in doubt.
     */
    @Test
    void aRestartedHostsTellsStayAccounted() throws Exception {
        dumpOnFailure(() -> {
            AfterTells nodes = threeNodesAfterTells();
            NodeProcess host3 = nodes.host3();
            NodeProcess sender = nodes.sender();
            host3.kill();
            sender.await("PEER_LOST of node 3", l -> l.is("PEER_LOST", "peer", 3), RUN);
            int mark = sender.mark();
            node("host3-restarted", List.of(), concat(new String[] {"--id", "3"}, nodes.hostArgs()));
            sender.await("PEER_UP of node 3 again", mark, l -> l.is("PEER_UP", "peer", 3), START);
            sender.send("TELLS 1000");
            Line done = sender.await("TELLS_DONE", mark, l -> l.kind().equals("TELLS_DONE"), RUN);
            assertThat(done.get("balanced")).isEqualTo("true");
        });
    }

    /**
     * Node 3 is paused (SIGSTOP) long enough to be lost, then resumed (SIGCONT): it comes back without a restart,
     * so it still knows node 1's old session. Its heartbeats from before node 1's new HELLO count from the old one
     * and must not be taken as the new epoch's: after 1000 more tells node 1's accounting balances, and node 3
     * handled every tell node 1 sent it (none was lost: the ones in doubt at the loss were handled after all).
     */
    @Test
    void aPausedHostThatComesBackIsCountedFromItsNewHello() throws Exception {
        dumpOnFailure(() -> {
            AfterTells nodes = threeNodesAfterTells();
            NodeProcess host3 = nodes.host3();
            NodeProcess sender = nodes.sender();
            assertThat(run(List.of("kill", "-STOP", Long.toString(host3.pid())))).isEmpty();
            sender.await("PEER_LOST of node 3", l -> l.is("PEER_LOST", "peer", 3), RUN);
            int mark = sender.mark();
            assertThat(run(List.of("kill", "-CONT", Long.toString(host3.pid())))).isEmpty();
            sender.await("PEER_UP of node 3 again", mark, l -> l.is("PEER_UP", "peer", 3), START);
            sender.send("TELLS 1000");
            Line done = sender.await("TELLS_DONE", mark, l -> l.kind().equals("TELLS_DONE"), RUN);
            assertThat(done.get("balanced")).isEqualTo("true");
            sender.send("PEERS");
            Line three = sender.await("PEER_RESULT of node 3", mark, l -> l.is("PEER_RESULT", "peer", 3), RUN);
            long sent = three.num("tellsSent");
            int statusMark = host3.mark();
            Line status = host3.await("node 3's STATUS with every tell handled", statusMark,
                    l -> l.kind().equals("STATUS") && l.num("handled") + l.num("refusedOnArrival") == sent, RUN);
            assertThat(status.num("refusedOnArrival")).isZero();
            // Node 1's view: the new epoch's acknowledgments count from its new HELLO, so the epoch before the pause
            // holds what was unacknowledged then, and nothing of the new one.
            assertThat(three.num("ackAtLoss") + three.num("tellsInDoubt") + three.num("acknowledged")).isEqualTo(sent);
            assertThat(three.num("acknowledged")).isLessThanOrEqualTo(1000);
        });
    }

    @Test
    void aHostInAnotherNetworkNamespaceAcrossAVethPair() throws Exception {
        // Two network namespaces made here, joined by a veth pair; the host listens on one end, the sender on
        // the other: the UDP leaves one network stack and enters another, as between two machines. The addresses
        // are from 198.18.0.0/15 (RFC 2544, set aside for benchmarking): they exist only on this veth pair,
        // inside namespaces this test made and deletes.
        String tag = "rit" + ProcessHandle.current().pid() % 100_000;
        String nsHost = tag + "h";
        String nsSender = tag + "s";
        String made = run(List.of("ip", "netns", "add", nsHost));
        assumeTrue(made.isEmpty(), "cannot make a network namespace here (`ip netns add` needs root or"
                + " CAP_SYS_ADMIN, and iproute2): " + made);
        undo.add(List.of("ip", "netns", "del", nsHost));
        String[][] setup = {
                {"ip", "netns", "add", nsSender},
                {"ip", "link", "add", nsHost, "type", "veth", "peer", "name", nsSender},
                {"ip", "link", "set", nsHost, "netns", nsHost},
                {"ip", "link", "set", nsSender, "netns", nsSender},
                {"ip", "-n", nsHost, "addr", "add", "198.18.0.1/30", "dev", nsHost},
                {"ip", "-n", nsSender, "addr", "add", "198.18.0.2/30", "dev", nsSender},
                {"ip", "-n", nsHost, "link", "set", nsHost, "up"},
                {"ip", "-n", nsSender, "link", "set", nsSender, "up"},
                {"ip", "-n", nsHost, "link", "set", "lo", "up"},
                {"ip", "-n", nsSender, "link", "set", "lo", "up"},
        };
        for (String[] step : setup) {
            String failed = run(List.of(step));
            if (step[1].equals("netns") && step[2].equals("add") && failed.isEmpty()) {
                undo.add(List.of("ip", "netns", "del", step[3]));
            }
            assumeTrue(failed.isEmpty(), "cannot join two network namespaces by a veth pair here: `"
                    + String.join(" ", step) + "` said " + failed);
        }
        dumpOnFailure(() -> {
            long rxBefore = rxPackets(nsHost);
            NodeProcess host = node("host2-netns", List.of("ip", "netns", "exec", nsHost), "--id", "2",
                    "--bind", "198.18.0.1", "--port", "40102", "--peers", "1=198.18.0.2:40101",
                    "--host-slots", "2", "--stdin");
            NodeProcess sender = node("sender1-netns", List.of("ip", "netns", "exec", nsSender), "--id", "1",
                    "--bind", "198.18.0.2", "--port", "40101", "--peers", "2=198.18.0.1:40102", "--send-to", "2:2",
                    "--tells", "5000", "--asks", "500", "--rate", "5000");
            host.await("READY", START);
            Line result = sender.await("RESULT", RUN);
            assertThat(sender.awaitExit(RUN)).as("the sender's exit code (0: balanced)").isZero();
            List<Line> peers1 = peerResults(sender, result);
            assertBalanced(result, peers1);
            assertThat(result.num("asksAnswered")).isEqualTo(500);
            assertThat(result.num("tellsInDoubt")).isZero();
            Line status = awaitHostCount(host, peer(peers1, 2).num("acknowledged"));
            long crossed = rxPackets(nsHost) - rxBefore;
            assertThat(crossed).as("UDP packets the host's end of the veth pair received").isGreaterThan(500);
            host.closeStdin();
            assertThat(host.awaitExit(START)).isZero();
            System.out.printf("network namespaces: %d packets crossed the veth pair into the host's namespace%n%s%n"
                    + "%s%n", crossed, result.text(), status.text());
        });
    }

    private static long rxPackets(String ns) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + ns
                + "/statistics/rx_packets").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return Long.parseLong(out);
    }

    /** Runs a command to its end: "" if it exited 0, else what it printed (or why it could not start). */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return "timed out";
            }
            return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
