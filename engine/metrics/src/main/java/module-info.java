/**
 * Rampart metrics for Micrometer: {@link io.rampart.metrics.RampartMetrics} binds an engine's
 * {@code Engine.metrics()} to a {@code MeterRegistry}, and {@link io.rampart.metrics.RemoteNodeMetrics} a remote node's
 * peers and frames.
 */
module io.rampart.metrics {
    requires transitive io.rampart;
    // micrometer-core 1.17 has no module descriptor; its Automatic-Module-Name is micrometer.core.
    requires transitive micrometer.core;
    // RemoteNodeMetrics only: rampart-remote is an optional dependency, present for a user who runs a node.
    requires static io.rampart.remote;

    exports io.rampart.metrics;
}
