package io.rampart.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A percentile distribution as HdrHistogram's {@code outputPercentileDistribution} writes it: lines of
 * {@code value percentile totalCount 1/(1-percentile)}, values here in microseconds.
 *
 * @param system the file name without {@code .hgrm}
 * @param points the distribution's rows, in file order
 */
record Hgrm(String system, List<Point> points) {

    /** One row: latency {@code valueUs} is at {@code percentile} (0..1); {@code inverse} = 1/(1-percentile). */
    record Point(double valueUs, double percentile, long count, double inverse) {
    }

    /** Parses {@code file}; header, blank and summary ({@code #...}) lines are skipped. */
    static Hgrm read(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.hgrm$", "");
        List<Point> points = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !Character.isDigit(f[0].charAt(0))) {
                continue;
            }
            double inverse = f[3].equalsIgnoreCase("inf") || f[3].equalsIgnoreCase("infinity")
                    ? Double.POSITIVE_INFINITY : Double.parseDouble(f[3]);
            points.add(new Point(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]), inverse));
        }
        return new Hgrm(name, points);
    }
}
