package io.rampart.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code summary.md} of scripts/http-compare.sh from the results files of its run: per variant
 * {@code <variant>-load.tsv} ({@link StepResult}), and the calibration variant's the same way.
 *
 * <p>Usage: {@code LoadReport <dir> --variants "rampart executor ..." [--calibration inline] [--mode quick]
 * [--p99-bound-ms 10] [--setup "free text: cores, pinning, heaps, threads"] [--durations "free text"]}.
 * With {@code --knee FILE} instead it prints the knee of that one results file (its target rate, 0 if none) and
 * nothing else, for the script's fixed loads.
 */
public final class LoadReport {
    private LoadReport() {
    }

    /**
     * @param args see the class description
     * @throws IOException if a results file cannot be read or the summary written
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--knee")) {
            StepResult.Run run = StepResult.parse(Path.of(args[1]));
            System.out.println(Knee.find(run.ofKind("sweep"), Criteria.DEFAULT).ratePerSec());
            return;
        }
        if (args.length < 1 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("usage: LoadReport <dir> --variants \"a b\" [--calibration inline] ...");
        }
        Path dir = Path.of(args[0]);
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Criteria criteria = new Criteria(Criteria.DEFAULT.minAchievedFraction(), Criteria.DEFAULT.maxErrorFraction(),
                1000 * Long.parseLong(opts.getOrDefault("p99-bound-ms", "10")));
        Map<String, StepResult.Run> runs = new LinkedHashMap<>();
        for (String v : opts.getOrDefault("variants", "").trim().split("\\s+")) {
            if (!v.isEmpty()) {
                runs.put(v, StepResult.parse(dir.resolve(v + "-load.tsv")));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--variants names no variant");
        }
        String calibration = opts.get("calibration");
        StepResult.Run cal = calibration == null ? null : StepResult.parse(dir.resolve(calibration + "-load.tsv"));
        String md = summary(opts, criteria, runs, calibration, cal) + faults(dir, runs.keySet());
        Files.writeString(dir.resolve("summary.md"), md);
        System.out.println("wrote " + dir.resolve("summary.md"));
    }

    /**
     * The summary's markdown.
     *
     * @param opts the command line's options (mode, setup, durations)
     * @param criteria what a sustained step is
     * @param runs each variant's run, in the order to show
     * @param calibrationName the calibration variant's name, or null
     * @param calibration its run, or null
     * @return the markdown
     */
    static String summary(Map<String, String> opts, Criteria criteria, Map<String, StepResult.Run> runs,
                          String calibrationName, StepResult.Run calibration) {
        StringBuilder md = new StringBuilder();
        md.append("# HTTP front under open-loop load (Gatling), ").append(opts.getOrDefault("mode", "?"))
                .append(" run\n\n");
        if ("smoke".equals(opts.get("mode"))) {
            md.append("**Smoke run: it proves the pipeline; its warm-up is too short for the JIT, so its numbers are "
                    + "not to be quoted.**\n\n");
        } else if ("quick".equals(opts.get("mode"))) {
            md.append("**Quick run: short steps, indicative only; quote the `--full` run.**\n\n");
        }
        md.append("Made by `scripts/http-compare.sh --").append(opts.getOrDefault("mode", "?"))
                .append("` (`io.rampart.bench.load.LoadReport`) from the files beside this one.\n\n");
        md.append("- Setup: ").append(opts.getOrDefault("setup", "(not stated)")).append('\n');
        md.append("- Steps: ").append(opts.getOrDefault("durations", "(not stated)")).append('\n');
        md.append("- Load: open injection, `constantUsersPerSec(rate).during(seconds)`, one request per virtual user, "
                + "users start on schedule whatever the server does; all users share one keep-alive connection pool "
                + "(a new connection only when every pooled one is busy).\n");
        md.append("- Response time: measured by the simulation itself, from the virtual user's start (its scheduled "
                + "start, give or take the injector's own lag) to the response's completion, so it includes waiting "
                + "for or opening a connection and any delay in Gatling's event loop. (Gatling's own response time "
                + "starts when it writes the request and would leave those out.) `injected/s` is the rate at which "
                + "Gatling actually started users: below the target, the generator fell behind its schedule.\n");
        md.append("- Achieved rate: 200 responses per second, from the step's first user start to its last "
                + "response. Errors: non-200 statuses (503 = the server's timeout or a full queue), plus "
                + "requests with no response within 3 s (Gatling's request timeout) or a connection error.\n");
        md.append("- Sustained step: ").append(criteria.describe()).append(".\n");
        md.append("- Knee: the highest target rate of the sweep that is sustained with every lower sweep rate "
                + "sustained too (the first unsustained step ends the search; after 2 in a row the sweep stops and "
                + "later steps send nothing). \"not reached\" = every step was sustained: the knee is at least the "
                + "highest rate tried.\n\n");

        if (calibration != null) {
            md.append("## Calibration\n\n").append(calibrationLine(calibrationName, calibration, criteria))
                    .append("\n\n");
        }

        md.append("## Per variant and load\n\n");
        md.append("| variant | kind | target /s | achieved /s | injected /s | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| sent | errors | sustained |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        Map<String, StepResult.Run> all = new LinkedHashMap<>(runs);
        if (calibration != null) {
            all.put(calibrationName + " (calibration)", calibration);
        }
        for (Map.Entry<String, StepResult.Run> e : all.entrySet()) {
            for (StepResult s : e.getValue().steps()) {
                if (s.kind().equals("warmup") || s.kind().equals("faults")) {
                    continue;
                }
                String why = criteria.failure(s);
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %s | %s | %s | %s | %d | %s | %s |%n",
                        e.getKey(), s.kind(), s.targetPerSec(), s.achievedPerSec(), s.injectedPerSec(),
                        ms(s.p50Micros()), ms(s.p99Micros()), ms(s.p999Micros()), ms(s.maxMicros()), s.sent(),
                        errors(s), why == null ? "yes" : "no: " + why));
            }
        }

        md.append("\n## Saturation knee\n\n");
        int calKnee = calibration == null ? 0 : Knee.find(calibration.ofKind("sweep"), criteria).ratePerSec();
        md.append("| variant | knee /s | p99 at the knee (ms) | first unsustained step |\n|---|--:|--:|---|\n");
        for (Map.Entry<String, StepResult.Run> e : runs.entrySet()) {
            List<StepResult> sweep = e.getValue().ofKind("sweep");
            if (sweep.isEmpty()) {
                md.append("| ").append(e.getKey()).append(" | (no sweep in this mode) | | |\n");
                continue;
            }
            Knee k = Knee.find(sweep, criteria);
            String rate = k.knee() == null ? "below " + k.firstFailure().targetPerSec() : Integer.toString(k.ratePerSec());
            String first = k.saturated() ? k.firstFailure().targetPerSec() + "/s: " + k.why()
                    : "not reached (max tried " + max(sweep) + "/s)";
            if (calKnee > 0 && k.ratePerSec() >= calKnee) {
                first += "; at or above the calibration knee: the load generator, not the server, may be the limit";
            }
            md.append("| ").append(e.getKey()).append(" | ").append(rate).append(" | ")
                    .append(k.knee() == null ? "-" : ms(k.knee().p99Micros())).append(" | ").append(first).append(" |\n");
        }
        List<String> notes = new ArrayList<>();
        runs.forEach((v, run) -> {
            String server = run.meta().get("server");
            if (server != null) {
                notes.add("- " + v + ": " + server);
            }
        });
        if (!notes.isEmpty()) {
            md.append("\n## Servers\n\n").append(String.join("\n", notes)).append('\n');
        }
        return md.toString();
    }

    private static final Pattern MEMBER = Pattern.compile("\"([^\"]+)\":\\s*(-?[0-9]+)");

    /**
     * The failure runs' section, from the {@code faults} steps of {@code <variant>-load.tsv} and from
     * {@code <variant>-stats.json} where present.
     *
     * @param dir the run's directory
     * @param variants the variants, in order
     * @return the markdown, empty if no variant has a failure run
     * @throws IOException if a file cannot be read
     */
    static String faults(Path dir, Iterable<String> variants) throws IOException {
        StringBuilder md = new StringBuilder();
        for (String v : variants) {
            List<StepResult> steps = StepResult.parse(dir.resolve(v + "-load.tsv")).ofKind("faults");
            if (steps.isEmpty()) {
                continue;
            }
            Map<String, Long> stats = new TreeMap<>();
            Path json = dir.resolve(v + "-stats.json");
            if (Files.exists(json)) {
                Matcher m = MEMBER.matcher(Files.readString(json));
                while (m.find()) {
                    stats.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
            List<String> reasons = new ArrayList<>();
            stats.forEach((k, n) -> {
                if (k.contains(".reason.") && n > 0) {
                    reasons.add(k + " " + n);
                }
            });
            for (StepResult s : steps) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %s | %s | %s | %s | %s | %s |%n", v,
                        s.targetPerSec(), s.achievedPerSec(), s.sent(), s.ok(), errors(s), ms(s.p50Micros()),
                        ms(s.p99Micros()), ms(s.maxMicros()),
                        stats.containsKey("restarts") ? stats.get("restarts").toString() : "n/a",
                        reasons.isEmpty() ? "-" : String.join(", ", reasons)));
            }
        }
        if (md.length() == 0) {
            return "";
        }
        return "\n## Failure run (open loop at a fixed rate)\n\n1% of requests crash their worker, and during the run every "
                + "worker loses its connection for a moment (see Steps above). Client side from Gatling as above; "
                + "restarts and 503 reasons from the server's `/stats` (a request's phase is the one it arrived in; "
                + "`burst` = the outage and the second after it).\n\n"
                + "| variant | target /s | achieved /s | sent | 200 | errors | p50 ms | p99 ms | max ms | restarts "
                + "| 503 reasons (server) |\n|---|--:|--:|--:|--:|---|--:|--:|--:|--:|---|\n" + md;
    }

    /**
     * The calibration sentence: what the load generator sustains against a server that answers at once.
     *
     * @param name the calibration variant
     * @param run its run
     * @param criteria what a sustained step is
     * @return one sentence
     */
    static String calibrationLine(String name, StepResult.Run run, Criteria criteria) {
        List<StepResult> sweep = run.ofKind("sweep");
        if (sweep.isEmpty()) {
            List<StepResult> fixed = run.ofKind("fixed");
            if (fixed.isEmpty()) {
                return "No calibration step ran.";
            }
            StepResult s = fixed.get(fixed.size() - 1);
            return String.format(Locale.ROOT, "Against `%s` (answers on the event loop, no dispatch) the load generator "
                    + "achieved %.0f/s of %d/s with p99 %s ms (no sweep in this mode, so no calibration knee).", name,
                    s.achievedPerSec(), s.targetPerSec(), ms(s.p99Micros()));
        }
        Knee k = Knee.find(sweep, criteria);
        if (k.knee() == null) {
            return String.format(Locale.ROOT, "Against `%s` the load generator sustained no rate of the sweep (first "
                    + "step %d/s: %s): every knee below is suspect.", name, k.firstFailure().targetPerSec(), k.why());
        }
        String limit = k.saturated()
                ? String.format(Locale.ROOT, "; at %d/s: %s", k.firstFailure().targetPerSec(), k.why())
                : String.format(Locale.ROOT, " (the highest rate tried: its limit is higher)");
        return String.format(Locale.ROOT, "The load generator alone (Gatling against `%s`, a server that answers on its "
                        + "event loop with no dispatch) sustains %d/s with p99 %s ms%s. A variant's knee at or above "
                        + "%d/s is the load generator's (or the HTTP layer's), not the variant's.", name,
                k.ratePerSec(), ms(k.knee().p99Micros()), limit, k.ratePerSec());
    }

    private static int max(List<StepResult> steps) {
        return steps.stream().mapToInt(StepResult::targetPerSec).max().orElse(0);
    }

    private static String errors(StepResult s) {
        if (s.errors() == 0) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        if (!s.statuses().equals("-")) {
            parts.add(s.statuses());
        }
        if (s.failed() > 0) {
            parts.add(s.failed() + " no response");
        }
        return s.errors() + " (" + String.join("; ", parts) + ")";
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.0f", micros / 1000.0);
    }
}
