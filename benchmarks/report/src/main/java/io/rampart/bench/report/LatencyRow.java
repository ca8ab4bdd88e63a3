package io.rampart.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the latency harness's {@code latency-summary.csv}: a subject's fixed-rate run, in microseconds.
 */
record LatencyRow(String system, long rate, long durationSeconds, long planned, long sent, long replies,
                  double p50, double p90, double p99, double p999, double max) {

    /** Whether every planned request was sent and answered. */
    boolean complete() {
        return sent == planned && replies == sent;
    }

    /** Reads every data row of {@code csv}; checks the header so a changed format fails rather than misreads. */
    static List<LatencyRow> read(Path csv, String expectedHeader) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(expectedHeader)) {
            throw new IOException(csv + ": unexpected header, want " + expectedHeader);
        }
        List<LatencyRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            rows.add(new LatencyRow(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10])));
        }
        return rows;
    }
}
