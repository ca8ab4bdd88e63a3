package io.rampart.demo.cluster;

import io.rampart.AskTimeoutException;
import io.rampart.DeadLetter;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.SlotUnavailableException;
import io.rampart.remote.Codecs;
import io.rampart.remote.Node;
import io.rampart.remote.PeerListener;
import io.rampart.remote.PeerStatus;
import io.rampart.remote.RemoteAskException;
import io.rampart.remote.RemoteGroup;
import io.rampart.remote.RemoteUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The sender role of {@link ClusterNode}: a remote group "work" placed on its peers, fed tells and asks open loop
 * at a rate, and every outcome counted as {@link Node}'s delivery promise names them. It balances when:
 * <ul>
 * <li><b>tells, here:</b> every tell {@code tellOne} accepted was dead-lettered here or offered to a peer:
 *     {@code tellsAccepted == tellsDeadLettered + Σ PeerStatus.tellsSent};</li>
 * <li><b>tells, per peer:</b> {@code tellsSent == ackAtLoss + tellsInDoubt + (up ? tellsAcknowledged : 0)}, where
 *     {@code ackAtLoss} is the sum of the peer's {@code tellsAcknowledged} each time it was lost (read in the
 *     {@link PeerListener}); so a live peer acknowledged everything sent to it, and a killed one's tells were
 *     acknowledged before the loss or are in doubt. The host's own lines close the loop: its {@code STATUS}
 *     {@code handled + refusedOnArrival} equals what this node says it acknowledged (checked by the test or the
 *     script, which read both);</li>
 * <li><b>asks:</b> each ask's future completed exactly once (an {@link AtomicInteger} count per future, none
 *     above 1, none at 0), its answer is the one for its message, and the outcomes (answered, each
 *     {@link RemoteAskException.Reason}, each {@link RemoteUnavailableException.Reason}, no slot, timed out here)
 *     add up to the asks issued; the peers' {@code asksFailedLost} add up to the {@code PEER_LOST} outcomes.</li>
 * </ul>
 */
final class Sender {
    private final Options o;
    private final byte[] secret;
    private Engine engine;
    private Node node;
    private Distributor<String, String> work;
    private boolean closed;

    private final LongAdder tellsAttempted = new LongAdder();
    private final LongAdder tellsAccepted = new LongAdder();
    private final Map<String, LongAdder> tellsRefusedAtCall = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> tellsDeadLettered = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> askDeadLetters = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> otherDeadLetters = new ConcurrentSkipListMap<>();
    /** Per peer, its {@code tellsAcknowledged} summed over each time it was lost. */
    private final Map<Integer, Long> ackAtLoss = new ConcurrentHashMap<>();
    private final LongAdder peerLostOutcomes = new LongAdder();
    private volatile boolean lostSeen;
    private volatile long sent;
    private volatile boolean sending;
    private long uniqueTells;

    Sender(Options o, byte[] secret) {
        this.o = o;
        this.secret = secret;
    }

    int run() throws InterruptedException, IOException {
        engine = Engine.builder().name("node" + o.id).askTimeout(Duration.ofMillis(o.askTimeoutMs))
                .deadLetters(this::deadLetter).build();
        engine.start();
        RemoteGroup.Builder<String, String> group = RemoteGroup.builder("work", Codecs.utf8())
                .answers(Codecs.utf8());
        o.sendTo.forEach(group::on);
        node = ClusterNode.nodeBuilder(o, engine, secret, new Listener()).remote(group.build()).build();
        node.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sender-shutdown"));
        work = engine.distributor("work", String.class, String.class);
        Out.line("READY", "id", o.id, "role", "sender", "port", o.port, "group", "work",
                "placement", Out.map(o.sendTo), "peers", ClusterNode.peerIds(o));

        long deadline = System.nanoTime() + o.waitPeersMs * 1_000_000L;
        while (!o.sendTo.keySet().stream().allMatch(node::isUp)) {
            if (System.nanoTime() - deadline > 0) {
                Out.line("PROBLEM", "id", o.id, "what", "placed nodes not up after " + o.waitPeersMs + " ms",
                        "up", ClusterNode.up(node));
                close();
                return 1;
            }
            Thread.sleep(10);
        }
        Out.line("PEERS_UP", "id", o.id, "up", ClusterNode.up(node));

        AskBatch asks = new AskBatch("a", (int) o.asks);
        Out.line("SENDING", "id", o.id, "tells", o.tells, "asks", o.asks, "rate", o.rate);
        Thread progress = progressThread(asks);
        sending = true;
        progress.start();
        send(o.tells, asks, o.rate);
        sending = false;
        progress.join();
        Out.line("SENT", "id", o.id, "sent", sent, "tellsAccepted", tellsAccepted.sum(), "asksIssued", asks.n);

        settle(asks, o.settleMs);
        List<String> problems = new ArrayList<>(asks.problems());
        problems.addAll(tellProblems());
        long failedLost = node.peers().stream().mapToLong(PeerStatus::asksFailedLost).sum();
        if (failedLost != peerLostOutcomes.sum()) {
            problems.add("peers' asksFailedLost (" + failedLost + ") != asks that failed PEER_LOST ("
                    + peerLostOutcomes.sum() + ")");
        }
        peerResults();
        for (String p : problems) {
            Out.line("PROBLEM", "id", o.id, "what", p);
        }
        result(asks, problems.isEmpty());
        boolean ok = problems.isEmpty();
        if (o.stdin) {
            ok &= commands();
        }
        close();
        return ok ? 0 : 1;
    }

    /** Open loop: message {@code i} is due at {@code i / rate} s from the start, whatever came before it. */
    private void send(long tells, AskBatch asks, double rate) {
        long total = tells + asks.n;
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        int a = 0;
        long t = 0;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            boolean isAsk = (i + 1) * asks.n / total > i * asks.n / total; // the asks spread evenly
            if (isAsk) {
                asks.ask(a++);
            } else {
                tell("t" + t++);
            }
            sent = i + 1;
        }
    }

    private void tell(String message) {
        tellsAttempted.increment();
        try {
            work.tellOne(message);
            tellsAccepted.increment();
        } catch (RuntimeException e) {
            add(tellsRefusedAtCall, e.getClass().getSimpleName());
        }
    }

    private Thread progressThread(AskBatch asks) {
        Thread t = new Thread(() -> {
            while (sending) {
                LockSupport.parkNanos(o.statusMs * 1_000_000L);
                Out.line("PROGRESS", "id", o.id, "sent", sent, "tellsAccepted", tellsAccepted.sum(),
                        "asksCompleted", asks.completed.get(), "up", ClusterNode.up(node));
            }
        }, "progress");
        t.setDaemon(true);
        return t;
    }

    /** Waits, up to {@code ms}, until every ask of {@code asks} completed and the tells balance. */
    private boolean settle(AskBatch asks, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!((asks == null || asks.done()) && tellProblems().isEmpty())) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private List<String> tellProblems() {
        List<String> problems = new ArrayList<>();
        List<PeerStatus> peers = node.peers();
        long offered = peers.stream().mapToLong(PeerStatus::tellsSent).sum();
        long dead = sum(tellsDeadLettered);
        long accepted = tellsAccepted.sum();
        if (accepted != dead + offered) {
            problems.add("tells accepted by tellOne (" + accepted + ") != dead-lettered here (" + dead
                    + ") + offered to peers (" + offered + ")");
        }
        for (PeerStatus p : peers) {
            if (!peerBalanced(p)) {
                problems.add("node " + p.node() + ": tells sent (" + p.tellsSent() + ") != acknowledged before"
                        + " its losses (" + ackAtLoss.getOrDefault(p.node(), 0L) + ") + in doubt ("
                        + p.tellsInDoubt() + ") + acknowledged now (" + (p.up() ? p.tellsAcknowledged() : 0) + ")");
            }
        }
        return problems;
    }

    private boolean peerBalanced(PeerStatus p) {
        return p.tellsSent() == ackAtLoss.getOrDefault(p.node(), 0L) + p.tellsInDoubt()
                + (p.up() ? p.tellsAcknowledged() : 0);
    }

    private void peerResults() {
        for (PeerStatus p : node.peers()) {
            Out.line("PEER_RESULT", "id", o.id, "peer", p.node(), "up", p.up(), "timesLost", p.timesLost(),
                    "tellsSent", p.tellsSent(), "ackAtLoss", ackAtLoss.getOrDefault(p.node(), 0L),
                    "acknowledged", p.tellsAcknowledged(), "tellsInDoubt", p.tellsInDoubt(),
                    "asksSent", p.asksSent(), "asksPending", p.asksPending(), "asksFailedLost", p.asksFailedLost(),
                    "balanced", peerBalanced(p));
        }
    }

    private void result(AskBatch asks, boolean balanced) {
        List<PeerStatus> peers = node.peers();
        long acknowledged = 0;
        for (PeerStatus p : peers) {
            acknowledged += ackAtLoss.getOrDefault(p.node(), 0L) + (p.up() ? p.tellsAcknowledged() : 0);
        }
        Out.line("RESULT", "id", o.id, "balanced", balanced,
                "tellsAttempted", tellsAttempted.sum(),
                "tellsAccepted", tellsAccepted.sum(),
                "tellsRefusedAtCall", sum(tellsRefusedAtCall),
                "tellsDeadLettered", sum(tellsDeadLettered),
                "tellsOffered", peers.stream().mapToLong(PeerStatus::tellsSent).sum(),
                "tellsAcknowledged", acknowledged,
                "tellsInDoubt", peers.stream().mapToLong(PeerStatus::tellsInDoubt).sum(),
                "asksIssued", asks.n,
                "asksAnswered", asks.answered(),
                "asksFailed", asks.failures(),
                "asksCompletedTwice", asks.completedTwice.sum(),
                "asksIncomplete", asks.n - asks.completed.get(),
                "wrongAnswers", asks.wrongAnswers.sum(),
                "answersByNode", Out.map(asks.answersByNode),
                "answersAfterLoss", Out.map(asks.answersAfterLoss),
                "peerLostByNode", Out.map(asks.peerLostByNode),
                "tellsRefusedAtCallBy", Out.map(tellsRefusedAtCall),
                "tellsDeadLetteredBy", Out.map(tellsDeadLettered),
                "askDeadLetters", Out.map(askDeadLetters),
                "otherDeadLetters", Out.map(otherDeadLetters),
                "lateAnswers", node.lateAnswers());
    }

    /** After the run, with --stdin: ASKS n, TELLS n, PEERS, until standard input closes. */
    private boolean commands() throws IOException, InterruptedException {
        boolean ok = true;
        int batches = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split("\\s+");
            int n = 0;
            if (w.length == 2) {
                try {
                    n = Integer.parseInt(w[1]);
                } catch (NumberFormatException e) {
                    n = -1;
                }
            }
            if (w[0].isEmpty()) {
                continue;
            } else if (w[0].equals("ASKS") && n > 0) {
                AskBatch asks = new AskBatch("c" + ++batches + "-", n);
                for (int i = 0; i < n; i++) {
                    asks.ask(i);
                }
                settleAsks(asks);
                List<String> problems = asks.problems();
                ok &= problems.isEmpty();
                for (String p : problems) {
                    Out.line("PROBLEM", "id", o.id, "what", p);
                }
                Out.line("ASKS_DONE", "id", o.id, "n", n, "answered", asks.answered(),
                        "answersByNode", Out.map(asks.answersByNode), "failed", asks.failures(),
                        "ok", problems.isEmpty());
            } else if (w[0].equals("TELLS") && n > 0) {
                long before = tellsAccepted.sum();
                for (int i = 0; i < n; i++) {
                    tell("u" + uniqueTells++);
                }
                settle(null, o.settleMs);
                List<String> problems = tellProblems();
                ok &= problems.isEmpty();
                for (String p : problems) {
                    Out.line("PROBLEM", "id", o.id, "what", p);
                }
                Out.line("TELLS_DONE", "id", o.id, "n", n, "accepted", tellsAccepted.sum() - before,
                        "balanced", problems.isEmpty());
            } else if (w[0].equals("PEERS") && w.length == 1) {
                peerResults();
            } else {
                Out.line("PROBLEM", "id", o.id, "what", "unknown command '" + line.trim()
                        + "' (ASKS n, TELLS n, PEERS)");
            }
        }
        return ok;
    }

    private void settleAsks(AskBatch asks) throws InterruptedException {
        long deadline = System.nanoTime() + (o.askTimeoutMs + 2_000) * 1_000_000L;
        while (!asks.done() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
    }

    private void deadLetter(DeadLetter d) {
        String why = d.reason() + (d.cause() == null ? "" : "/" + describe(d.cause()));
        String m = String.valueOf(d.message());
        if (!"work".equals(d.group()) || d.reason() == DeadLetter.Reason.LATE_REPLY) {
            add(d.reason() == DeadLetter.Reason.LATE_REPLY ? askDeadLetters : otherDeadLetters, why);
        } else if (m.startsWith("t") || m.startsWith("u")) {
            add(tellsDeadLettered, why);
        } else {
            add(askDeadLetters, why);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof RemoteUnavailableException e) {
            return "RemoteUnavailable." + e.reason();
        }
        return t.getClass().getSimpleName();
    }

    private static void add(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private synchronized void close() {
        if (closed || node == null) {
            return;
        }
        closed = true;
        node.close();
        engine.close();
    }

    /** Prints the peers coming and going; notes what each lost peer had acknowledged (on the wire thread). */
    private final class Listener implements PeerListener {
        @Override
        public void onPeerUp(int peer) {
            Out.line("PEER_UP", "id", o.id, "peer", peer);
        }

        @Override
        public void onPeerLost(int peer, String why, int asksFailed, long tellsInDoubt) {
            lostSeen = true;
            PeerStatus s = node.peers().stream().filter(p -> p.node() == peer).findFirst().orElseThrow();
            ackAtLoss.merge(peer, s.tellsAcknowledged(), Long::sum);
            Out.line("PEER_LOST", "id", o.id, "peer", peer, "asksFailed", asksFailed, "tellsInDoubt", tellsInDoubt,
                    "tellsSent", s.tellsSent(), "acknowledged", s.tellsAcknowledged(), "why", why);
        }
    }

    /** Asks, each counted once when its future completes: an {@link AtomicIntegerArray} slot per future. */
    private final class AskBatch {
        final String prefix;
        final int n;
        final AtomicIntegerArray completions;
        final AtomicInteger completed = new AtomicInteger();
        final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
        final Map<Integer, LongAdder> answersByNode = new ConcurrentSkipListMap<>();
        final Map<Integer, LongAdder> answersAfterLoss = new ConcurrentSkipListMap<>();
        final Map<Integer, LongAdder> peerLostByNode = new ConcurrentSkipListMap<>();
        final LongAdder completedTwice = new LongAdder();
        final LongAdder wrongAnswers = new LongAdder();

        AskBatch(String prefix, int n) {
            this.prefix = prefix;
            this.n = n;
            this.completions = new AtomicIntegerArray(n);
        }

        void ask(int i) {
            String message = prefix + i;
            CompletableFuture<String> answer;
            try {
                answer = work.askOne(message);
            } catch (RuntimeException e) {
                completed(i, message, null, e);
                return;
            }
            answer.whenComplete((value, failure) -> completed(i, message, value, failure));
        }

        private void completed(int i, String message, String value, Throwable failure) {
            if (completions.incrementAndGet(i) > 1) {
                completedTwice.increment();
                return;
            }
            String kind;
            if (failure == null) {
                kind = "answered";
                int slash = value == null ? -1 : value.indexOf('/');
                int node = -1;
                if (value != null && value.startsWith("node") && slash > 4) {
                    try {
                        node = Integer.parseInt(value.substring(4, slash));
                    } catch (NumberFormatException e) {
                        node = -1;
                    }
                }
                if (node < 0 || !value.endsWith(":" + message)) {
                    wrongAnswers.increment();
                } else {
                    answersByNode.computeIfAbsent(node, k -> new LongAdder()).increment();
                    if (lostSeen) {
                        answersAfterLoss.computeIfAbsent(node, k -> new LongAdder()).increment();
                    }
                }
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                kind = kindOf(cause);
                if (cause instanceof RemoteAskException e && e.reason() == RemoteAskException.Reason.PEER_LOST) {
                    peerLostOutcomes.increment();
                    peerLostByNode.computeIfAbsent(e.node(), k -> new LongAdder()).increment();
                }
            }
            outcomes.computeIfAbsent(kind, k -> new LongAdder()).increment();
            completed.incrementAndGet(); // last: done() then sees every count above
        }

        private String kindOf(Throwable cause) {
            if (cause instanceof RemoteAskException e) {
                return e.reason().name();
            }
            if (cause instanceof RemoteUnavailableException e) {
                return "UNAVAILABLE_" + e.reason();
            }
            if (cause instanceof SlotUnavailableException) {
                return "NO_SLOT";
            }
            if (cause instanceof AskTimeoutException) {
                return "TIMED_OUT_HERE";
            }
            return cause.getClass().getSimpleName();
        }

        boolean done() {
            return completed.get() >= n;
        }

        long answered() {
            LongAdder a = outcomes.get("answered");
            return a == null ? 0 : a.sum();
        }

        /** The failures by kind, {@code PEER_LOST:12,NO_SLOT:3}, or {@code -}. */
        String failures() {
            Map<String, Long> m = new TreeMap<>();
            outcomes.forEach((k, v) -> {
                if (!k.equals("answered")) {
                    m.put(k, v.sum());
                }
            });
            return Out.map(m);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            int zero = 0;
            for (int i = 0; i < n; i++) {
                if (completions.get(i) == 0) {
                    zero++;
                }
            }
            if (zero > 0) {
                problems.add(zero + " of " + n + " asks (" + prefix + "*) never completed");
            }
            if (completedTwice.sum() > 0) {
                problems.add(completedTwice.sum() + " asks (" + prefix + "*) completed more than once");
            }
            if (wrongAnswers.sum() > 0) {
                problems.add(wrongAnswers.sum() + " asks (" + prefix + "*) got an answer to another message");
            }
            long counted = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
            if (counted != n - zero) {
                problems.add("ask outcomes (" + counted + ") != asks completed (" + (n - zero) + ")");
            }
            return problems;
        }
    }
}
