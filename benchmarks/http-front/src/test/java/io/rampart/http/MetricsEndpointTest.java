package io.rampart.http;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} of a real front (Rampart variant, latency recorded) after real traffic: the scrape has the
 * engine's metric names with the values the traffic must give, and the real {@code promtool check metrics}
 * accepts it (format and lint). Without promtool on the PATH the check fails when {@code CI} is set and is
 * skipped, saying so, otherwise.
 */
class MetricsEndpointTest {
    private static final int REQUESTS = 50;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sample name and labels to value, for every sample line of a scrape. */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> out = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line %s", line).isTrue();
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    private static double sum(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> {
                    for (String l : labels) {
                        if (!e.getKey().contains(l)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void theScrapeHasTheEnginesMetricsAfterTrafficAndPromtoolAcceptsIt(@TempDir Path dir) throws Exception {
        String scrape;
        try (HttpFront.Running front = HttpFront.start(HttpFront.options(new String[] {
                "--variant", "rampart", "--port", "0", "--workers", "2", "--record-latency", "true"}))) {
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = get(front.port(), "/work?n=" + (1000 + i));
                assertThat(r.statusCode()).as("GET /work: %s", r.body()).isEqualTo(200);
            }
            HttpResponse<String> bad = get(front.port(), "/work?n=oops"); // answered 400 by ctx.fail: not handled
            assertThat(bad.statusCode()).isNotEqualTo(200);
            HttpResponse<String> metrics = get(front.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/plain; version=0.0.4"));
            scrape = metrics.body();
        }

        Map<String, Double> s = samples(scrape);
        // Every request reached a slot: the 50 good ones handled (the bad one's handler answered with a failure,
        // which is handled too: the handler returned normally), over the 2 slots.
        assertThat(sum(s, "rampart_slot_handled_total", "group=\"work\"")).isEqualTo(REQUESTS + 1);
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("rampart_slot_handled_total{") && k.contains("slot=\"0\""))
                .anyMatch(k -> k.startsWith("rampart_slot_handled_total{") && k.contains("slot=\"1\""));
        assertThat(sum(s, "rampart_slot_state", "state=\"RUNNING\"")).isEqualTo(2);
        assertThat(sum(s, "rampart_slot_failures_total")).isZero();
        assertThat(sum(s, "rampart_slot_restarts_total")).isZero();
        assertThat(sum(s, "rampart_slot_ring_full_total")).isZero();
        assertThat(sum(s, "rampart_slot_backlog")).isZero();
        assertThat(sum(s, "rampart_group_dead_letters_total")).isZero();
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("rampart_group_dead_letters_total{")
                && k.contains("reason=\"EXPIRED_ASK\""));
        assertThat(s).containsKey("rampart_group_asks_in_flight{group=\"work\"}")
                .containsKey("rampart_group_ask_timeouts_total{group=\"work\"}");
        assertThat(sum(s, "rampart_slot_queue_wait_seconds_count")).isEqualTo(REQUESTS + 1);
        assertThat(sum(s, "rampart_slot_service_time_seconds_count")).isEqualTo(REQUESTS + 1);
        assertThat(sum(s, "rampart_slot_queue_wait_seconds_sum")).isPositive();
        assertThat(sum(s, "rampart_slot_service_time_seconds_sum")).isPositive();
        assertThat(sum(s, "rampart_slot_service_time_max_seconds")).isPositive();
        assertThat(sum(s, "rampart_slot_service_time_percentile_seconds", "percentile=\"0.99\"")).isPositive();
        assertThat(sum(s, "rampart_slot_queue_wait_percentile_seconds", "percentile=\"0.5\"")).isPositive();

        promtoolAccepts(scrape, dir);
    }

    private static void promtoolAccepts(String scrape, Path dir) throws Exception {
        String promtool = onPath("promtool");
        if (promtool == null) {
            String why = "promtool is not on the PATH (Debian/Ubuntu: apt-get install prometheus)";
            assertThat(System.getenv("CI")).as(why + "; CI is set, so the scrape must be checked").isNull();
            Assumptions.assumeTrue(false, why + ": the scrape was not checked with promtool");
        }
        Path file = dir.resolve("scrape.prom");
        Files.writeString(file, scrape, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool, "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as("promtool check metrics exit code; its output:%n%s", out).isZero();
    }

    private static String onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, tool);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
