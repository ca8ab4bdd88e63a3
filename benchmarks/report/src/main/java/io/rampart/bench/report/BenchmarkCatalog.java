package io.rampart.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Says which workload and system a JMH result belongs to. The module that holds the benchmarks implements it and
 * registers the implementation in {@code META-INF/services/io.rampart.bench.report.BenchmarkCatalog}; the report
 * finds it on the class path ({@link #installed()}), so the report depends on no benchmark, and a result whose
 * benchmark no catalog knows (a jar from another build, say) lands under "other benchmarks" rather than being
 * guessed into a workload.
 */
public interface BenchmarkCatalog {
    /**
     * What {@code benchmark} (its full name, {@code package.Class.method}) run with {@code params} (the JMH
     * {@code @Param} values of the result) measured, or empty if it is not part of the comparison.
     */
    Optional<Compared> describe(String benchmark, Map<String, String> params);

    /** Every catalog registered on the class path, asked in turn; the first that knows a result answers. */
    static BenchmarkCatalog installed() {
        List<BenchmarkCatalog> all = new ArrayList<>();
        ServiceLoader.load(BenchmarkCatalog.class).forEach(all::add);
        return (benchmark, params) -> {
            for (BenchmarkCatalog c : all) {
                Optional<Compared> found = c.describe(benchmark, params);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        };
    }
}
