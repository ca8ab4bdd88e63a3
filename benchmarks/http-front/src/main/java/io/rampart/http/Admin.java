package io.rampart.http;

import java.util.Locale;

/**
 * The server's own endpoints, answered on the event loop (each is a few field reads or writes):
 *
 * <ul>
 * <li>{@code GET /stats}: a flat JSON object: the variant, its threads, its counters (restarts,
 *     failures) and each phase's counts and latency percentiles ({@link Stats}).</li>
 * <li>{@code GET /metrics}: the workers' metrics in the Prometheus text format (the Rampart variant's
 *     {@code RampartMetrics}; 404 for the others).</li>
 * <li>{@code GET /admin/faults?crashRate=0.01}: sets the crash rate.</li>
 * <li>{@code GET /admin/outage?ms=1500}: takes the shared connection down for that long.</li>
 * <li>{@code GET /admin/phase?name=crash}: labels the requests that arrive from now on.</li>
 * <li>{@code GET /admin/reset}: forgets the phases (after a warm-up).</li>
 * </ul>
 * The server binds to 127.0.0.1 only, so these are not reachable from elsewhere.
 */
final class Admin {
    private final Dispatcher dispatcher;
    private final Faults faults;
    private final Stats stats;
    private final String threads;

    Admin(Dispatcher dispatcher, Faults faults, Stats stats, String threads) {
        this.dispatcher = dispatcher;
        this.faults = faults;
        this.stats = stats;
        this.threads = threads;
    }

    /** A response to an admin request. */
    record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body + "\n");
        }
    }

    /** The Prometheus text exposition format's content type. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    Reply handle(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        try {
            return switch (path) {
                case "/stats" -> new Reply(200, "application/json", stats());
                case "/metrics" -> {
                    String scrape = dispatcher.prometheusScrape();
                    yield scrape != null ? new Reply(200, PROMETHEUS_TEXT, scrape)
                            : Reply.text(404, "variant " + dispatcher.name() + " exports no metrics");
                }
                case "/admin/faults" -> {
                    faults.crashRate(Double.parseDouble(param(query, "crashRate")));
                    yield Reply.text(200, "crash rate " + faults.crashRate());
                }
                case "/admin/outage" -> {
                    long ms = Long.parseLong(param(query, "ms"));
                    faults.outage(ms);
                    yield Reply.text(200, "connection down for " + ms + " ms");
                }
                case "/admin/phase" -> {
                    String name = param(query, "name");
                    if (!name.matches("[a-z0-9-]+") || name.equals(Stats.BURST)) {
                        throw new IllegalArgumentException("phase name must be [a-z0-9-]+ and not 'burst'");
                    }
                    stats.label(name);
                    yield Reply.text(200, "phase " + name);
                }
                case "/admin/reset" -> {
                    stats.reset();
                    yield Reply.text(200, "stats reset");
                }
                default -> Reply.text(404, "no such path: " + path
                        + " (try /work?n=1234, /stats, /admin/faults?crashRate=0.01, /admin/outage?ms=1500)");
            };
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return Reply.text(400, "bad request: " + e.getMessage());
        }
    }

    private String stats() {
        StringBuilder json = new StringBuilder("{");
        Stats.field(json, "variant", dispatcher.name());
        Stats.field(json, "threads", threads);
        Stats.field(json, "crashRate", String.format(Locale.ROOT, "%s", faults.crashRate()));
        Stats.field(json, "injected.crashes", faults.crashes());
        Stats.field(json, "injected.connectionFailures", faults.connectionFailures());
        dispatcher.counters().forEach((k, v) -> Stats.field(json, k, v));
        stats.appendJson(json);
        return json.append("\n}\n").toString();
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("missing query parameter '" + name + "'");
    }
}
