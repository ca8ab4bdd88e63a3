package io.rampart.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the latency harness's {@code latency-summary.csv} ({@link ResultFiles#LATENCY_CSV_HEADER}): one
 * subject's run at one rate in one JVM, times in microseconds.
 *
 * @param kind        {@code rep} (a repetition at the headline rate) or {@code sweep} (one rate of the rate sweep)
 * @param p50         response time (intended send to reply) percentiles follow: p50, p90, p99, p999, max
 * @param serviceP50  reply received minus the consumer's dequeue: p50, p99 and mean ({@code NaN}: not stamped)
 * @param busyMean    mean of actual send to reply
 * @param lagP50      schedule lag (actual minus intended send): p50, p99, max
 * @param ownLagP99   the generator's own lateness (actual send minus the later of intended send and previous reply)
 * @param utilisation rate x mean busy time, a fraction
 */
record LatencyRow(String system, String kind, int rep, long rate, double durationSeconds, long planned, long sent,
                  long replies, double p50, double p90, double p99, double p999, double max, double serviceP50,
                  double serviceP99, double serviceMean, double busyMean, double lagP50, double lagP99, double lagMax,
                  double ownLagP99, double utilisation) {
    /** {@link #kind} of a repetition at the headline rate. */
    static final String REP = "rep";
    /** {@link #kind} of a rate of the sweep. */
    static final String SWEEP = "sweep";
    private static final int COLUMNS = 22;

    /** Whether every planned request was sent and answered. */
    boolean complete() {
        return sent == planned && replies == sent;
    }

    /** Whether this row is a repetition at the headline rate (not a sweep point). */
    boolean isRep() {
        return REP.equals(kind);
    }

    /** Reads every data row of {@code csv}; checks the header so a changed format fails rather than misreads. */
    static List<LatencyRow> read(Path csv, String expectedHeader) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(expectedHeader)) {
            throw new IOException(csv + ": unexpected header, want " + expectedHeader);
        }
        List<LatencyRow> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(parse(line));
            } catch (RuntimeException e) {
                throw new IOException(csv + " line " + (n + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return rows;
    }

    /** One data line; fails on a wrong column count, an unknown kind or a field that is not a number. */
    static LatencyRow parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException("want " + COLUMNS + " columns, got " + f.length);
        }
        if (!REP.equals(f[1]) && !SWEEP.equals(f[1])) {
            throw new IllegalArgumentException("kind must be rep or sweep, got " + f[1]);
        }
        return new LatencyRow(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]),
                Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), d(f[8]), d(f[9]), d(f[10]),
                d(f[11]), d(f[12]), d(f[13]), d(f[14]), d(f[15]), d(f[16]), d(f[17]), d(f[18]), d(f[19]), d(f[20]), d(f[21]));
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
