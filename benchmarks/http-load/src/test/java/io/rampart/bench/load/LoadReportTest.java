package io.rampart.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {
    private static StepResult.Run run(StepResult... steps) {
        return new StepResult.Run(Map.of(), List.of(steps));
    }

    @Test
    void theCalibrationLineGivesTheGeneratorsKneeAndItsP99() {
        StepResult.Run cal = run(KneeTest.step(4000, 4000, 0, 1500), KneeTest.step(8000, 7000, 0, 90_000));

        String line = LoadReport.calibrationLine("inline", cal, Criteria.DEFAULT);

        assertThat(line).contains("sustains 4000/s with p99 1.50 ms").contains("at 8000/s: achieved 7000/s");
    }

    @Test
    void aVariantAtTheCalibrationKneeIsFlaggedAsPossiblyGeneratorBound() {
        Map<String, StepResult.Run> runs = new LinkedHashMap<>();
        runs.put("rampart", run(KneeTest.step(4000, 4000, 0, 2000), KneeTest.step(8000, 8000, 0, 3000)));
        runs.put("executor", run(KneeTest.step(4000, 4000, 0, 2000), KneeTest.step(8000, 8000, 0, 30_000)));
        StepResult.Run cal = run(KneeTest.step(4000, 4000, 0, 1000), KneeTest.step(8000, 8000, 0, 2000),
                KneeTest.step(16000, 9000, 0, 2000));

        String md = LoadReport.summary(Map.of("mode", "quick"), Criteria.DEFAULT, runs, "inline", cal);

        assertThat(md).contains("| rampart | 8000 | 3.00 | not reached (max tried 8000/s); at or above the calibration "
                + "knee: the load generator, not the server, may be the limit |");
        assertThat(md).contains("| executor | 4000 | 2.00 | 8000/s: p99 30000 us > 10000 us |");
        assertThat(md).contains("| inline (calibration) | sweep | 16000 | 9000 |");
    }

    @Test
    void theFailureTableReadsTheFaultsStepAndTheServersCounters(@TempDir Path dir) throws Exception {
        StepResult faults = new StepResult("faults-200-2", "faults", 200, 4, 800, 800, 793, 7, 0, "503:7", 200, 198,
                2000, 3000, 40_000, 90_000, 120_000);
        Files.write(dir.resolve("rampart-load.tsv"), List.of("# server: x", StepResult.HEADER, faults.toTsv()));
        Files.writeString(dir.resolve("rampart-stats.json"),
                "{\"variant\":\"rampart\",\"restarts\":7,\"crash.reason.worker crashed\":5,\"burst.reason.busy\":2,"
                        + "\"crash.reason.timeout\":0}");

        String md = LoadReport.faults(dir, List.of("rampart"));

        assertThat(md).contains("| rampart | 200 | 198 | 800 | 793 | 7 (503:7) | 2.00 | 40 | 120 | 7 | "
                + "burst.reason.busy 2, crash.reason.worker crashed 5 |");
    }
}
