package io.rampart.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one step measured, as one line of a run's results file ({@code <variant>-load.tsv}), which
 * {@link OpenLoopSimulation} writes and {@link LoadReport} reads. Times are microseconds, measured by the
 * simulation itself from the virtual user's start to the response's completion (see {@link StepRecorder}).
 *
 * @param name the step's name, e.g. {@code sweep-4000-3}
 * @param kind {@code warmup}, {@code fixed} or {@code sweep}
 * @param targetPerSec the target rate
 * @param seconds how long the rate was held
 * @param started virtual users started (target x seconds if the injector kept its schedule)
 * @param sent requests sent (started less those skipped because the sweep had stopped)
 * @param ok 200 responses
 * @param httpErrors responses with another status
 * @param failed requests with no response: timeouts and connection errors
 * @param statuses the non-200 statuses and their counts, e.g. {@code 503:12}, or {@code -}
 * @param injectedPerSec users started per second (first to last start): the injector's own rate
 * @param achievedPerSec 200 responses per second, from the step's first start to its last response
 * @param p50Micros median response time
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros the largest
 */
public record StepResult(String name, String kind, int targetPerSec, int seconds, long started, long sent, long ok,
                         long httpErrors, long failed, String statuses, double injectedPerSec, double achievedPerSec,
                         long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros) {

    /** The header line of a results file; {@link #parse(Path)} checks it. */
    public static final String HEADER = "step\tkind\ttarget_per_s\tseconds\tstarted\tsent\tok\thttp_errors\tfailed"
            + "\tstatuses\tinjected_per_s\tachieved_per_s\tp50_us\tp90_us\tp99_us\tp999_us\tmax_us";

    /** @return requests that did not get a 200: other statuses, timeouts and connection errors */
    public long errors() {
        return httpErrors + failed;
    }

    /** @return this step as one tab-separated line, in the order of {@link #HEADER} */
    public String toTsv() {
        return String.join("\t", name, kind, Integer.toString(targetPerSec), Integer.toString(seconds),
                Long.toString(started), Long.toString(sent), Long.toString(ok), Long.toString(httpErrors),
                Long.toString(failed), statuses, String.format(Locale.ROOT, "%.1f", injectedPerSec),
                String.format(Locale.ROOT, "%.1f", achievedPerSec), Long.toString(p50Micros), Long.toString(p90Micros),
                Long.toString(p99Micros), Long.toString(p999Micros), Long.toString(maxMicros));
    }

    /**
     * Parses one line written by {@link #toTsv()}.
     *
     * @param line the line
     * @return the step
     * @throws IllegalArgumentException if it has not 17 fields or a number is not one
     */
    public static StepResult fromTsv(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 17) {
            throw new IllegalArgumentException("a step line has 17 tab-separated fields, this one has " + f.length
                    + ": '" + line + "'");
        }
        try {
            return new StepResult(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), f[9],
                    Double.parseDouble(f[10]), Double.parseDouble(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[15]), Long.parseLong(f[16]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in step line '" + line + "'", e);
        }
    }

    /**
     * A results file: {@code # key: value} lines (what was run, for the report), the header, one line per step.
     *
     * @param meta the {@code #} lines, in order
     * @param steps the steps, in the order they ran
     */
    public record Run(Map<String, String> meta, List<StepResult> steps) {
        /**
         * @param kind {@code fixed} or {@code sweep}
         * @return the steps of that kind, in the order they ran
         */
        public List<StepResult> ofKind(String kind) {
            return steps.stream().filter(s -> s.kind().equals(kind)).toList();
        }
    }

    /**
     * Reads a results file.
     *
     * @param file the file
     * @return its meta lines and steps
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it has no header line, or a line is not a step
     */
    public static Run parse(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /**
     * Parses the lines of a results file.
     *
     * @param lines its lines
     * @param source where they came from, for error messages
     * @return its meta lines and steps
     * @throws IllegalArgumentException if there is no header line, or a line is not a step
     */
    public static Run parse(List<String> lines, String source) {
        Map<String, String> meta = new LinkedHashMap<>();
        List<StepResult> steps = new ArrayList<>();
        boolean header = false;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    meta.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
                }
            } else if (line.equals(HEADER)) {
                header = true;
            } else if (!header) {
                throw new IllegalArgumentException(source + ": a step line before the header line: '" + line + "'");
            } else {
                steps.add(fromTsv(line));
            }
        }
        if (!header) {
            throw new IllegalArgumentException(source + ": no header line (" + HEADER.substring(0, 20) + "...)");
        }
        return new Run(meta, steps);
    }
}
