package io.rampart.it.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code io.rampart.demo.cluster.ClusterNode} in a child JVM: the test JVM's own java, this module's test class
 * path, stdout read line by line on a thread into a queue (the test waits for lines, with timeouts), stderr to a
 * file (shown when a test fails), stdin kept open (the node exits when it closes: {@code --stdin}).
 */
final class NodeProcess implements AutoCloseable {
    /** A status line: its kind, its {@code key=value} fields, when the test read it. */
    record Line(int index, String kind, Map<String, String> fields, String text, long readAtMillis) {
        private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

        static Line parse(int index, String text) {
            int space = text.indexOf(' ');
            String kind = space < 0 ? text : text.substring(0, space);
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(space < 0 ? "" : text.substring(space + 1));
            while (m.find()) {
                String v = m.group(2);
                fields.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
            }
            return new Line(index, kind, fields, text, System.currentTimeMillis());
        }

        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new AssertionError("no " + key + "= in: " + text);
            }
            return v;
        }

        long num(String key) {
            return Long.parseLong(get(key));
        }

        boolean is(String kind, String key, Object value) {
            return this.kind.equals(kind) && String.valueOf(value).equals(fields.get(key));
        }

        /** A {@code k:v,k:v} field as a map ({@code -} is empty). */
        Map<String, Long> counts(String key) {
            Map<String, Long> m = new LinkedHashMap<>();
            String v = get(key);
            if (!v.equals("-")) {
                for (String kv : v.split(",")) {
                    int colon = kv.lastIndexOf(':');
                    m.put(kv.substring(0, colon), Long.parseLong(kv.substring(colon + 1)));
                }
            }
            return m;
        }
    }

    private static final Line EOF = new Line(-1, "<eof>", Map.of(), "<eof>", 0);

    final String name;
    final Process process;
    final Path stderr;
    private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
    private final List<Line> seen = new ArrayList<>();
    private final Thread reader;
    private boolean eof;

    private NodeProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::read, "stdout-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code ClusterNode args} in a new JVM, after {@code prefix} (e.g. {@code ip netns exec NS}) if any.
     *
     * @param logs where its stderr goes, as {@code <name>.err}
     */
    static NodeProcess start(String name, List<String> prefix, List<String> args, Path logs) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", // Agrona's buffers (Aeron)
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", // small JVMs: three share two cores
                "-cp", System.getProperty("java.class.path"),
                "io.rampart.demo.cluster.ClusterNode"));
        command.addAll(args);
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        return new NodeProcess(name, pb.start(), err);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int i = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                queue.add(Line.parse(i++, text));
            }
        } catch (IOException e) {
            // the process was killed: its stream ends here
        } finally {
            queue.add(EOF);
        }
    }

    /**
     * The first line, among those read so far and those to come, that matches; waits up to {@code timeout}.
     *
     * @throws AssertionError if none came in time, or the process ended first
     */
    Line await(String what, Predicate<Line> match, Duration timeout) throws InterruptedException {
        return await(what, 0, match, timeout);
    }

    /** As {@link #await(String, Predicate, Duration)}, among the lines from index {@code from} on. */
    synchronized Line await(String what, int from, Predicate<Line> match, Duration timeout)
            throws InterruptedException {
        for (Line l : seen) {
            if (l.index() >= from && match.test(l)) {
                return l;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = deadline - System.nanoTime();
            Line l = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "\n" + describe());
            }
            if (l == EOF) {
                eof = true;
                break;
            }
            seen.add(l);
            if (l.index() >= from && match.test(l)) {
                return l;
            }
        }
        throw new AssertionError(name + ": ended without " + what + "\n" + describe());
    }

    /** Waits for the next line of {@code kind}. */
    Line await(String kind, Duration timeout) throws InterruptedException {
        return await(kind, l -> l.kind().equals(kind), timeout);
    }

    /** The lines read so far (all of them once the process ended and {@link #drain} ran). */
    synchronized List<Line> lines() {
        for (Line l = queue.poll(); l != null; l = queue.poll()) {
            if (l == EOF) {
                eof = true;
            } else {
                seen.add(l);
            }
        }
        return List.copyOf(seen);
    }

    /** The last line of {@code kind} read so far, or null. */
    Line last(String kind) {
        List<Line> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind().equals(kind)) {
                return all.get(i);
            }
        }
        return null;
    }

    /** The number of lines read so far: a later {@link #await(String, int, Predicate, Duration)} starts there. */
    int mark() {
        return lines().size();
    }

    /** Sends a command line to its stdin. */
    void send(String command) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Closes its stdin: a node run with {@code --stdin} then finishes and exits. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for it to exit, and for its stdout to be read to the end. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "\n" + describe());
        }
        reader.join(timeout.toMillis());
        lines();
        return process.exitValue();
    }

    /** The process id, for a signal other than SIGKILL (SIGSTOP, SIGCONT). */
    long pid() {
        return process.pid();
    }

    /** SIGKILL, as kill -9: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Its output so far and the end of its stderr, for a failure's message. */
    synchronized String describe() {
        StringBuilder sb = new StringBuilder("--- ").append(name).append(" stdout (PROGRESS and STATUS left out):\n");
        List<Line> all = new ArrayList<>(seen);
        all.addAll(queue.stream().filter(l -> l != EOF).toList());
        for (Line l : all) {
            if (!l.kind().equals("PROGRESS") && !l.kind().equals("STATUS")) {
                sb.append(l.text()).append('\n');
            }
        }
        try {
            List<String> err = Files.readAllLines(stderr);
            sb.append("--- ").append(name).append(" stderr (last 30 lines):\n");
            err.subList(Math.max(0, err.size() - 30), err.size()).forEach(s -> sb.append(s).append('\n'));
        } catch (IOException e) {
            sb.append("(no stderr: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " (pid " + process.pid() + ") did not die after SIGKILL");
        }
        reader.join(5_000);
    }
}
