package io.rampart.bench.latency;

import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.peers.roundtrip.BlockingQueueSubject;
import io.rampart.bench.peers.roundtrip.DisruptorSubject;
import io.rampart.bench.peers.roundtrip.ExecutorSubject;
import io.rampart.bench.peers.roundtrip.LatencySubject;
import io.rampart.bench.peers.roundtrip.PekkoAskSubject;
import io.rampart.bench.peers.roundtrip.RampartSubject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The latency subjects by name, in report order. A new system is one more {@code put}.
 *
 * <p>"rampart" is Rampart with its default wait strategy ({@code backoffThenPark}, paired with the peers that
 * park: Pekko on its defaults and tuned, the executor, the blocking queue, Disruptor "phasedLite" and
 * "liteBlocking"; Disruptor "blocking" is an extra row); "rampart-yielding" is the opt-in yielding strategy, paired
 * with Disruptor "yielding".
 */
public final class Subjects {
    private static final Map<String, Supplier<LatencySubject>> ALL = new LinkedHashMap<>();

    static {
        // Rampart first: names starting with "rampart" are the report's reference rows.
        ALL.put("rampart", () -> new RampartSubject("rampart", "backoffThenPark"));
        ALL.put("rampart-yielding", () -> new RampartSubject("rampart-yielding", "yielding"));
        ALL.put("pekko-ask", () -> new PekkoAskSubject(PekkoSystems.Tuning.DEFAULT));
        ALL.put("pekko-ask-tuned", () -> new PekkoAskSubject(PekkoSystems.Tuning.LATENCY));
        ALL.put("executor", ExecutorSubject::new);
        ALL.put("abq-pingpong", BlockingQueueSubject::new);
        ALL.put("disruptor-phasedLite", () -> new DisruptorSubject("phasedLite"));
        ALL.put("disruptor-liteBlocking", () -> new DisruptorSubject("liteBlocking"));
        ALL.put("disruptor-blocking", () -> new DisruptorSubject("blocking"));
        ALL.put("disruptor-yielding", () -> new DisruptorSubject("yielding"));
    }

    private Subjects() {
    }

    /** Every known subject name, in report order. */
    public static Iterable<String> names() {
        return ALL.keySet();
    }

    /** Whether a subject called {@code name} exists. */
    public static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    /** A new, not yet started subject called {@code name}. */
    public static LatencySubject create(String name) {
        Supplier<LatencySubject> factory = ALL.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown subject " + name + "; known: " + ALL.keySet());
        }
        return factory.get();
    }
}
