package io.rampart.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's plan: every job once, an order fixed by the seed and shuffled by it, and the time estimate. */
class RunPlanTest {
    private static final List<String> SUBJECTS = List.of("rampart", "pekko-ask", "abq-pingpong", "executor");
    private static final List<Long> SWEEP = List.of(20_000L, 5_000L, 10_000L);

    @Test
    void everySubjectRunsEachRepetitionOnceAndEachSweepOnceWithItsRatesAscending() {
        List<RunPlan.Job> jobs = RunPlan.jobs(SUBJECTS, 5, 2000, List.of("rampart", "executor"), SWEEP, 42);
        assertThat(jobs).hasSize(4 * 5 + 2);
        for (String s : SUBJECTS) {
            assertThat(jobs.stream().filter(j -> j.subject().equals(s) && j.kind() == RunPlan.Kind.REP)
                    .map(RunPlan.Job::rep)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        }
        assertThat(jobs.stream().filter(j -> j.kind() == RunPlan.Kind.REP)).allMatch(j -> j.rates().equals(List.of(2000L)));
        assertThat(jobs.stream().filter(j -> j.kind() == RunPlan.Kind.SWEEP).map(RunPlan.Job::subject))
                .containsExactlyInAnyOrder("rampart", "executor");
        assertThat(jobs.stream().filter(j -> j.kind() == RunPlan.Kind.SWEEP))
                .allMatch(j -> j.rates().equals(List.of(5_000L, 10_000L, 20_000L)));
    }

    @Test
    void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
        List<RunPlan.Job> a = RunPlan.jobs(SUBJECTS, 5, 2000, SUBJECTS, SWEEP, 7);
        List<RunPlan.Job> b = RunPlan.jobs(SUBJECTS, 5, 2000, SUBJECTS, SWEEP, 7);
        List<RunPlan.Job> c = RunPlan.jobs(SUBJECTS, 5, 2000, SUBJECTS, SWEEP, 8);
        assertThat(a).isEqualTo(b);
        assertThat(c).containsExactlyInAnyOrderElementsOf(a).isNotEqualTo(a);
    }

    @Test
    void theOrderIsShuffledNotGroupedBySubject() {
        List<RunPlan.Job> jobs = RunPlan.jobs(SUBJECTS, 5, 2000, SUBJECTS, SWEEP, 42);
        List<RunPlan.Job> grouped = new ArrayList<>(jobs);
        grouped.sort(Comparator.comparing((RunPlan.Job j) -> SUBJECTS.indexOf(j.subject()))
                .thenComparing(RunPlan.Job::kind).thenComparingInt(RunPlan.Job::rep));
        assertThat(jobs).isNotEqualTo(grouped);
        // a subject's repetitions are spread out: its first and last are not adjacent
        List<String> order = jobs.stream().map(RunPlan.Job::subject).toList();
        assertThat(order.lastIndexOf("rampart") - order.indexOf("rampart")).isGreaterThan(4);
    }

    @Test
    void badPlansFailAtOnce() {
        assertThatThrownBy(() -> RunPlan.jobs(SUBJECTS, 0, 2000, SUBJECTS, SWEEP, 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RunPlan.jobs(List.of("rampart"), 1, 2000, List.of("executor"), SWEEP, 1))
                .hasMessageContaining("sweep subjects");
        assertThat(RunPlan.jobs(SUBJECTS, 1, 2000, SUBJECTS, List.of(), 1)).hasSize(4);
    }

    @Test
    void theEstimateCountsEachJvmAndEachRate() {
        List<RunPlan.Job> jobs = RunPlan.jobs(List.of("rampart", "executor"), 3, 2000, List.of("rampart"), SWEEP, 1);
        double expected = 6 * (RunPlan.JVM_OVERHEAD_SECONDS + 2 + 8) + (RunPlan.JVM_OVERHEAD_SECONDS + 3 * (1 + 4));
        assertThat(RunPlan.estimateSeconds(jobs, 2, 8, 1, 4)).isEqualTo(expected);
    }
}
