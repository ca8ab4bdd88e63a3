package io.rampart.bench.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load on one server: each step holds a fixed rate with Gatling's open injection
 * ({@code constantUsersPerSec(rate).during(seconds)}; a warm-up ramps up to its rate), one virtual user per request, so a user starts on
 * schedule whether or not earlier requests have been answered. Steps run one after another.
 *
 * <p>Each user takes a {@link System#nanoTime()} reading as its first action, sends
 * {@code GET <load.url><load.path>} on a connection of one pool shared by all users (HTTP/1.1 keep-alive; a new
 * connection is opened only when every pooled one is busy), and records the time to its response, or its
 * failure, in a {@link StepRecorder}. That time therefore includes waiting for or opening a connection and any
 * delay in Gatling's own event loop, which Gatling's reported response time (from the moment it writes the
 * request) would leave out. What it does not include is the injector starting a user late: the
 * {@code injected_per_s} column shows whether the injector kept its schedule, and the calibration run against
 * a trivial server bounds it.
 *
 * <p>System properties: {@code load.url} (e.g. {@code http://127.0.0.1:8080}), {@code load.path}
 * ({@code /work?n=1234}), {@code load.steps} ({@link StepSpec#parseList}), {@code load.out} (the results file),
 * {@code load.p99BoundMs} (10), {@code load.stopAfter} (2: see {@link StepRecorder}), {@code load.faults} (the
 * server's admin calls for a {@code faults} step, see {@link #stepStarted}), and any {@code load.meta.*}
 * copied into the results file as {@code # key: value} lines. Run it as
 * {@code java -cp ... io.gatling.app.Gatling -s io.rampart.bench.load.OpenLoopSimulation -rf DIR -nr}
 * (scripts/http-compare.sh does).
 */
public final class OpenLoopSimulation extends Simulation {
    private final List<StepSpec> specs = StepSpec.parseList(required("load.steps"));
    private final Path out = Path.of(required("load.out"));
    private final String url = required("load.url");
    private final ScheduledExecutorService admin = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-admin");
        t.setDaemon(true);
        return t;
    });
    // Its own (default) executor: send() on the admin thread waits for work the client does on its executor.
    private final HttpClient adminClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger adminScheduled = new AtomicInteger();
    private final AtomicInteger adminDone = new AtomicInteger();
    private final StepRecorder recorder = new StepRecorder(specs, new Criteria(0.99, 0.001,
            1000 * Long.parseLong(System.getProperty("load.p99BoundMs", "10"))),
            Integer.parseInt(System.getProperty("load.stopAfter", "2")), this::stepStarted);

    private volatile String adminFailure;

    /** Builds the run from the system properties above. */
    public OpenLoopSimulation() {
        String path = System.getProperty("load.path", "/work?n=1234");
        HttpProtocolBuilder protocol = http.baseUrl(url)
                .shareConnections()      // one pool for all users: one request per user must not mean one connection
                .disableWarmUp()         // Gatling's warm-up request goes to an outside URL; the warmup step does ours
                .disableCaching()
                .disableAutoReferer();

        List<PopulationBuilder> populations = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int index = i;
            StepSpec spec = specs.get(i);
            populations.add(scenario(spec.name(i))
                    .exec(session -> {
                        long t0 = System.nanoTime();
                        return session.set("t0", t0).set("send", recorder.begin(index, t0));
                    })
                    .doIf(session -> session.getBoolean("send")).then(
                            exec(http("work").get(path).check(status().saveAs("status")))
                                    .exec(session -> {
                                        recorder.end(index, session.getLong("t0"),
                                                session.contains("status") ? session.getInt("status") : -1,
                                                System.nanoTime());
                                        return session;
                                    }))
                    .injectOpen(injection(spec)));
        }
        // andThen nests: the first step, then (when all its users are done) the rest, and so on.
        PopulationBuilder chain = populations.get(populations.size() - 1);
        for (int i = populations.size() - 2; i >= 0; i--) {
            chain = populations.get(i).andThen(chain);
        }
        setUp(chain).protocols(protocol);
    }

    /**
     * When a {@code faults} step's first user begins, schedules the server's admin calls of {@code load.faults}
     * ({@code seconds=path} items, comma-separated, seconds from the step's start), so that the faults line up with
     * the step whatever Gatling's start-up took. A failed call fails the run (the step would be mislabelled).
     */
    private void stepStarted(int index) {
        if (!specs.get(index).kind().equals("faults")) {
            return;
        }
        for (String item : System.getProperty("load.faults", "").split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("load.faults items are seconds=path, was '" + item + "'");
            }
            double at = Double.parseDouble(item.substring(0, eq).trim());
            URI uri = URI.create(url + item.substring(eq + 1).trim());
            adminScheduled.incrementAndGet();
            admin.schedule(() -> call(uri), (long) (at * 1000), TimeUnit.MILLISECONDS);
        }
    }

    private void call(URI uri) {
        try {
            HttpResponse<String> r = adminClient.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                adminFailure = uri + " answered " + r.statusCode() + ": " + r.body();
            }
            adminDone.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            adminFailure = uri + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A warm-up ramps from a tenth of its rate up to it (a cold server hit at once with its full rate queues the
     * requests of its first second behind the JIT and the first connections); every other step holds its rate.
     */
    private static OpenInjectionStep injection(StepSpec spec) {
        Duration d = Duration.ofSeconds(spec.seconds());
        return spec.kind().equals("warmup")
                ? rampUsersPerSec(Math.max(1, spec.ratePerSec() / 10)).to(spec.ratePerSec()).during(d)
                : constantUsersPerSec(spec.ratePerSec()).during(d);
    }

    /** Writes the results file once every step has run. */
    @Override
    public void after() {
        admin.shutdownNow();
        List<String> lines = new ArrayList<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("load.meta.")).sorted()
                .forEach(k -> lines.add("# " + k.substring("load.meta.".length()) + ": " + System.getProperty(k)));
        lines.add("# steps: " + System.getProperty("load.steps"));
        lines.add(StepResult.HEADER);
        recorder.results().forEach(r -> lines.add(r.toTsv()));
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        // After the file is written, so that what was measured is kept; the script then fails on the exit code.
        if (adminFailure != null || adminDone.get() != adminScheduled.get()) {
            throw new IllegalStateException("the admin calls of load.faults did not all succeed during the run ("
                    + adminDone.get() + " of " + adminScheduled.get() + " did): "
                    + (adminFailure == null ? "some were still pending at the end (is the faults step long enough?)"
                    : adminFailure));
        }
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + key + " is required (see OpenLoopSimulation)");
        }
        return value;
    }
}
