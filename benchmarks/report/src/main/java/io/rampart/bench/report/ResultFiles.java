package io.rampart.bench.report;

/**
 * The names (and, for the CSV, the header) of the result files that the programs of a comparison run write and
 * {@link ReportWriter} reads. They live here, with the reader, so that the writers (the latency harness, the
 * idle-CPU probe) depend on the report and the report depends on none of them.
 */
public final class ResultFiles {
    /** The latency harness's summary, one row per subject, beside its {@code .hgrm} files. */
    public static final String LATENCY_CSV = "latency-summary.csv";
    /** Its header; the report checks it so that a format change fails instead of misreading columns. */
    public static final String LATENCY_CSV_HEADER = "system,rate_per_s,duration_s,planned,sent,replies,p50_us,p90_us,"
            + "p99_us,p999_us,max_us";
    /** The idle-CPU probe's {@code key=value} lines. */
    public static final String IDLE_CPU = "idle-cpu.txt";

    private ResultFiles() {
    }
}
