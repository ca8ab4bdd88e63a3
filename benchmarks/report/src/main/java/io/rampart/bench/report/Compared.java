package io.rampart.bench.report;

/**
 * Where one JMH result sits in the comparison report: the workload it measures and the system and configuration
 * that ran it. Results with the same {@link #workload()} did the same work and share a table; a result whose
 * {@link #system()} is {@value #RAMPART} is a reference row that the peers' ratios are computed against.
 *
 * <p>The report does not know the benchmarks: a {@link BenchmarkCatalog} supplied by the module that holds them
 * says what each result is, so the rows come from the code that produced the numbers.
 *
 * @param workload      the workload's name, the table's heading, e.g. "tell: 1 producer -&gt; 1 consumer"
 * @param system        the system under test, e.g. "Disruptor" or "Pekko classic"; {@value #RAMPART} for the engine
 * @param configuration what distinguishes this row from the system's other rows, e.g.
 *                      "ring=single, waitStrategy=yielding", or "-" when the system has one configuration
 * @param threads       the threads the benchmark runs, in words, e.g. "1 producer, 1 consumer"
 * @param waits         how idle threads wait, in words, e.g. "blocking (put/take park)"
 */
public record Compared(String workload, String system, String configuration, String threads, String waits) {
    /** The system name that marks a reference row. */
    public static final String RAMPART = "Rampart";

    /** Whether this is one of Rampart's rows. */
    public boolean isRampart() {
        return RAMPART.equals(system);
    }
}
