package io.rampart.bench.report;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a benchmark method in the comparison report: which workload it measures and which system runs it.
 *
 * <p>The report ({@code io.rampart.bench.report.ReportWriter}) reads this annotation reflectively from the same
 * jar, so the table rows come from the code that produced the numbers rather than from a hand-kept list.
 * Two methods with the same {@link #workload()} do the same work and are compared with each other; a method
 * whose {@link #system()} is {@value #RAMPART} is the reference that every peer's ratio is computed against.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Compared {
    /** The system name that marks the reference row of a workload. */
    String RAMPART = "Rampart";

    /** Workload key, one of the constants in the benchmarks' {@code io.rampart.bench.Workloads}. */
    String workload();

    /** The system under test, e.g. "Disruptor" or "Pekko classic"; {@value #RAMPART} for the engine. */
    String system();

    /** Threads the benchmark runs, in words, e.g. "1 producer, 1 consumer". */
    String threads();

    /**
     * How idle threads wait, in words, e.g. "blocking (put/take park)"; for a benchmark with a wait strategy
     * parameter, the parameter's name (the report shows its value from the run).
     */
    String waits();
}
