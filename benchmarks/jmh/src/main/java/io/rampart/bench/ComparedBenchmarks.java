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
     * {@code SlotRingBenchmark.publish}, the slot ring alone; it has no {@code @Param system}. Named rather than
     * referenced, so that this package does not depend on {@code io.rampart.bench.ring}, which depends on it.
     */
    static final String SLOT_RING = "io.rampart.bench.ring.SlotRingBenchmark.publish";
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
        BY_BENCHMARK.put(JournalBenchmark.class.getName() + ".ask", JournalBenchmark.SYSTEMS);
    }

    /** Every benchmark method with a {@code @Param system}, by full name, with its systems. */
    static Map<String, Systems<?>> benchmarks() {
        return BY_BENCHMARK;
    }

    @Override
    public Optional<Compared> describe(String benchmark, Map<String, String> params) {
        if (SLOT_RING.equals(benchmark)) {
            String work = params.getOrDefault("consumerWork", "0");
            return Optional.of(new Compared(Workloads.TELL_1P_1C, "SlotRing alone (Rampart's ring, no engine)",
                    "consumerWork=" + work + ("0".equals(work) ? " (design check: near-empty regime, see javadoc)"
                            : " (consumer slowed so that it trails)"), "1 producer, 1 consumer",
                    "the engine's: consumer spins 100 then yields; producer on a full ring spins, yields, parks"));
        }
        Systems<?> systems = BY_BENCHMARK.get(benchmark);
        return systems == null ? Optional.empty() : systems.describe(params.get(SYSTEM));
    }
}
