package io.rampart.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepResultTest {
    @Test
    void aLineRoundTrips() {
        StepResult r = new StepResult("fixed-1000-1", "fixed", 1000, 15, 15000, 15000, 14990, 7, 3, "503:7", 999.9,
                998.4, 310, 520, 2100, 8800, 41000);

        assertThat(StepResult.fromTsv(r.toTsv())).isEqualTo(r);
        assertThat(r.errors()).isEqualTo(10);
    }

    @Test
    void aResultsFileGivesItsMetaLinesAndStepsByKind() {
        List<String> lines = List.of(
                "# server: Netty NIO: 1 event-loop thread(s)",
                "# steps: warmup:200:2,fixed:200:3,sweep:500:2",
                StepResult.HEADER,
                "warmup-200-0\twarmup\t200\t2\t400\t400\t400\t0\t0\t-\t199.1\t199.3\t13623\t338431\t430847\t538623\t538623",
                "fixed-200-1\tfixed\t200\t3\t600\t600\t600\t0\t0\t-\t200.0\t200.4\t1700\t2100\t14967\t22000\t22100",
                "sweep-500-2\tsweep\t500\t2\t1000\t1000\t991\t9\t0\t503:9\t498.2\t495.5\t1976\t11103\t24079\t39199\t39679");

        StepResult.Run run = StepResult.parse(lines, "test");

        assertThat(run.meta()).containsEntry("server", "Netty NIO: 1 event-loop thread(s)")
                .containsEntry("steps", "warmup:200:2,fixed:200:3,sweep:500:2");
        assertThat(run.steps()).hasSize(3);
        assertThat(run.ofKind("fixed")).singleElement().satisfies(s -> {
            assertThat(s.targetPerSec()).isEqualTo(200);
            assertThat(s.p99Micros()).isEqualTo(14967);
        });
        assertThat(run.ofKind("sweep")).singleElement().satisfies(s -> {
            assertThat(s.httpErrors()).isEqualTo(9);
            assertThat(s.statuses()).isEqualTo("503:9");
            assertThat(s.achievedPerSec()).isEqualTo(495.5);
        });
    }

    @Test
    void aFileWithoutItsHeaderIsRefused() {
        assertThatThrownBy(() -> StepResult.parse(List.of("# steps: x"), "f.tsv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f.tsv: no header line");
    }

    @Test
    void aShortLineNamesItsFieldCount() {
        assertThatThrownBy(() -> StepResult.fromTsv("fixed-1-1\tfixed\t1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this one has 3");
    }

    @Test
    void stepListsParseAndBadItemsAreNamed() {
        assertThat(StepSpec.parseList("warmup:500:5, sweep:1000:4,faults:200:4")).containsExactly(
                new StepSpec("warmup", 500, 5), new StepSpec("sweep", 1000, 4), new StepSpec("faults", 200, 4));
        assertThat(new StepSpec("sweep", 1000, 4).name(3)).isEqualTo("sweep-1000-3");
        assertThatThrownBy(() -> StepSpec.parseList("sweep:1000")).hasMessageContaining("'sweep:1000'");
        assertThatThrownBy(() -> StepSpec.parseList("ramp:1000:3")).hasMessageContaining("'ramp'");
        assertThatThrownBy(() -> StepSpec.parseList("sweep:0:3")).hasMessageContaining("rate >= 1/s");
    }
}
