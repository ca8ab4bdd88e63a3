package io.rampart.bench.report;

/**
 * The names (and, for the CSV, the header) of the result files that the programs of a comparison run write and
 * {@link ReportWriter} reads. They live here, with the reader, so that the writers (the latency harness, the
 * idle-CPU probe) depend on the report and the report depends on none of them.
 */
public final class ResultFiles {
    /**
     * The latency harness's summary: one row per measured run (subject, kind {@code rep} or {@code sweep},
     * repetition, rate), beside the {@code .hgrm} files.
     */
    public static final String LATENCY_CSV = "latency-summary.csv";
    /**
     * Its header; the report checks it so that a format change fails instead of misreading columns. Response
     * percentiles ({@code p*_us}) count from the intended send time; {@code service_*} is reply minus the
     * consumer's dequeue; {@code busy_mean_us} actual send to reply; {@code lag_*} actual minus intended send;
     * {@code own_lag_p99_us} actual send minus the later of intended send and the previous reply (the generator's
     * own lateness, without catch-up);
     * {@code utilisation} rate x mean busy time.
     */
    public static final String LATENCY_CSV_HEADER = "system,kind,rep,rate_per_s,duration_s,planned,sent,replies,"
            + "p50_us,p90_us,p99_us,p999_us,max_us,service_p50_us,service_p99_us,service_mean_us,busy_mean_us,"
            + "lag_p50_us,lag_p99_us,lag_max_us,own_lag_p99_us,utilisation";
    /** The idle-CPU probe's {@code key=value} lines. */
    public static final String IDLE_CPU = "idle-cpu.txt";

    private ResultFiles() {
    }
}
