package io.rampart.bench;

import io.rampart.bench.report.BenchmarkCatalog;
import io.rampart.bench.report.Compared;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The report's catalog of these benchmarks (registered in {@code META-INF/services}): each benchmark method's
 * {@link Systems}, which describes a result by its {@code @Param system} value.
 */
public final class ComparedBenchmarks implements BenchmarkCatalog {
    /**
     * {@code SlotRingBenchmark.publish}, named rather than referenced: the class is left out of the build until
     * the engine's ring is public ({@code io.rampart.internal.SlotRing}), and then joins the table of its workload.
     */
    static final String SLOT_RING = "io.rampart.bench.ring.SlotRingBenchmark.publish";
    private static final Compared SLOT_RING_ALONE = new Compared(Workloads.TELL_1P_1C,
            "SlotRing alone (Rampart's ring, no engine)", "-", "1 producer, 1 consumer",
            "yielding (consumer spins 100 then yields)");
    /** The parameter every benchmark here names its system with. */
    static final String SYSTEM = "system";

    private static final Map<String, Systems<?>> BY_BENCHMARK = new LinkedHashMap<>();

    static {
        BY_BENCHMARK.put(TellBenchmark.class.getName() + ".tell", TellBenchmark.SYSTEMS);
        BY_BENCHMARK.put(TellTwoProducersBenchmark.class.getName() + ".tell", TellTwoProducersBenchmark.SYSTEMS);
        BY_BENCHMARK.put(TellTwoConsumersBenchmark.class.getName() + ".tell", TellTwoConsumersBenchmark.SYSTEMS);
        BY_BENCHMARK.put(TellEveryoneBenchmark.class.getName() + ".tellEveryone", TellEveryoneBenchmark.SYSTEMS);
        BY_BENCHMARK.put(AskBenchmark.class.getName() + ".ask", AskBenchmark.SYSTEMS);
        BY_BENCHMARK.put(AskInFlightBenchmark.class.getName() + ".ask", AskInFlightBenchmark.SYSTEMS);
    }

    /** Every benchmark method with a {@code @Param system}, by full name, with its systems. */
    static Map<String, Systems<?>> benchmarks() {
        return BY_BENCHMARK;
    }

    @Override
    public Optional<Compared> describe(String benchmark, Map<String, String> params) {
        if (SLOT_RING.equals(benchmark)) {
            return Optional.of(SLOT_RING_ALONE);
        }
        Systems<?> systems = BY_BENCHMARK.get(benchmark);
        return systems == null ? Optional.empty() : systems.describe(params.get(SYSTEM));
    }
}
