package io.rampart.bench.latency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which child JVMs the latency harness launches, in which order: one {@link Job} per (subject, repetition) at the
 * headline rate, plus one per subject for the rate sweep, shuffled with a seeded {@link Random} so that a drift of
 * the machine (or the JIT's and the OS's state left by the previous subject) lands on no subject systematically,
 * and a run can be replayed with its printed seed.
 */
final class RunPlan {
    /**
     * Seconds a child JVM costs beyond its measured phases (start, class loading, subject start, teardown): 0.5 s
     * (Rampart) to 1.1 s (Pekko) alone on 2 cores, ~1.4 s on average with other builds running (12 smoke jobs, 18 s of
     * phases, took 35 s).
     */
    static final double JVM_OVERHEAD_SECONDS = 1.5;

    /** What a job measures: one repetition at the headline rate, or the rate sweep (each rate once, ascending). */
    enum Kind {
        /** A repetition at the headline rate. */
        REP("rep"),
        /** The sweep's rates, ascending, in one JVM. */
        SWEEP("sweep");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The kind whose {@link #label} is {@code label}. */
        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown run kind " + label + "; known: rep, sweep");
        }
    }

    /**
     * One child JVM: {@code subject} at each of {@code rates} in turn.
     *
     * @param rep repetition number from 1 ({@link Kind#REP}); 1 for the sweep
     */
    record Job(String subject, Kind kind, int rep, List<Long> rates) {
    }

    private RunPlan() {
    }

    /**
     * Every job, shuffled by {@code seed}: {@code reps} repetitions of each subject at {@code rate}, then a sweep job
     * for each of {@code sweepSubjects} over {@code sweepRates} (none when {@code sweepRates} is empty).
     */
    static List<Job> jobs(List<String> subjects, int reps, long rate, List<String> sweepSubjects,
                          List<Long> sweepRates, long seed) {
        if (reps < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1: " + reps);
        }
        if (!subjects.containsAll(sweepSubjects)) {
            throw new IllegalArgumentException("sweep subjects " + sweepSubjects + " must be among " + subjects);
        }
        List<Job> jobs = new ArrayList<>();
        for (String s : subjects) {
            for (int r = 1; r <= reps; r++) {
                jobs.add(new Job(s, Kind.REP, r, List.of(rate)));
            }
        }
        if (!sweepRates.isEmpty()) {
            List<Long> ascending = new ArrayList<>(sweepRates);
            Collections.sort(ascending);
            for (String s : sweepSubjects) {
                jobs.add(new Job(s, Kind.SWEEP, 1, List.copyOf(ascending)));
            }
        }
        Collections.shuffle(jobs, new Random(seed));
        return jobs;
    }

    /** Seconds the jobs should take: per job, its JVM overhead plus warm-up and measurement at each of its rates. */
    static double estimateSeconds(List<Job> jobs, double warmupSeconds, double durationSeconds,
                                  double sweepWarmupSeconds, double sweepDurationSeconds) {
        double total = 0;
        for (Job j : jobs) {
            double perRate = j.kind() == Kind.REP ? warmupSeconds + durationSeconds
                    : sweepWarmupSeconds + sweepDurationSeconds;
            total += JVM_OVERHEAD_SECONDS + perRate * j.rates().size();
        }
        return total;
    }
}
