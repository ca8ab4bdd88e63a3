/**
 * Rampart metrics for Micrometer: {@link io.rampart.metrics.RampartMetrics} binds an engine's
 * {@code Engine.metrics()} to a {@code MeterRegistry}.
 */
module io.rampart.metrics {
    requires transitive io.rampart;
    // micrometer-core 1.17 has no module descriptor; its Automatic-Module-Name is micrometer.core.
    requires transitive micrometer.core;

    exports io.rampart.metrics;
}
