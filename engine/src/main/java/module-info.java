/**
 * Rampart: groups of load-balanced workers under supervisors, on preallocated per-slot rings.
 *
 * <p>Exports the API ({@code io.rampart}) and the load balancers ({@code io.rampart.balance}).
 * {@code io.rampart.internal} is not exported: on the module path no user code can reach it. Tests,
 * the jcstress suite and the benchmarks run on the class path, where they may.
 */
module io.rampart {
    requires com.lmax.disruptor;
    // Latency histograms (GroupSpec.Builder.recordLatency, SlotMetrics): HdrHistogram 2.2.2 has no
    // module descriptor nor Automatic-Module-Name, so its module name comes from its jar's name.
    // Transitive: SlotMetrics returns its Histogram.
    requires transitive HdrHistogram;
    // Flight Recorder events (restarts, escalations, ring-full refusals, slow handlers).
    requires jdk.jfr;

    exports io.rampart;
    exports io.rampart.balance;
}
