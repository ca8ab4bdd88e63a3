package io.rampart.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the server answered, per phase: counts by status, 503s by reason, and a latency histogram
 * (from reading the request to handing its response to Netty, in microseconds).
 *
 * <p>A request belongs to the phase current when it arrived: {@code burst} if that was during the
 * last outage or within {@code graceNanos} after it (the workers' recovery), else the label set
 * with {@link #label(String)} ({@code calm} at first; the script sets e.g. {@code crash}).
 */
final class Stats {
    /** The phase of requests that arrived during an outage or its recovery. */
    static final String BURST = "burst";
    private static final long HIGHEST_US = 60_000_000;

    private final Faults faults;
    private final long graceNanos;
    private volatile String label = "calm";
    private final Map<String, Phase> phases = new ConcurrentSkipListMap<>();

    Stats(Faults faults, long graceNanos) {
        this.faults = faults;
        this.graceNanos = graceNanos;
    }

    /** @param label the phase of requests that arrive from now on, outside outages */
    void label(String label) {
        this.label = label;
    }

    /** @return the phase of a request that arrived at {@code nanos} */
    Phase phaseAt(long nanos) {
        String name = faults.inOutage(nanos, graceNanos) ? BURST : label;
        return phases.computeIfAbsent(name, n -> new Phase());
    }

    /** Forgets every phase (after a warm-up). */
    void reset() {
        phases.clear();
    }

    /** Appends {@code "phase.key":value} pairs for every phase to a flat JSON object under construction. */
    void appendJson(StringBuilder json) {
        phases.forEach((name, p) -> p.appendJson(name, json));
    }

    /** One phase's counters. Written by the event loops, read by {@code /stats}. */
    static final class Phase {
        private final LongAdder ok = new LongAdder();
        private final LongAdder unavailable = new LongAdder();
        private final LongAdder badRequest = new LongAdder();
        private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        private final Histogram latencyUs = new ConcurrentHistogram(HIGHEST_US, 3);

        void record(int status, String reason, long startNanos) {
            switch (status) {
                case 200 -> ok.increment();
                case 503 -> {
                    unavailable.increment();
                    reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
                }
                default -> badRequest.increment();
            }
            long us = Math.max(1, (System.nanoTime() - startNanos) / 1_000);
            latencyUs.recordValue(Math.min(us, HIGHEST_US));
        }

        private void appendJson(String name, StringBuilder json) {
            Histogram h = latencyUs.copy();
            field(json, name + ".status200", ok.sum());
            field(json, name + ".status503", unavailable.sum());
            field(json, name + ".status400", badRequest.sum());
            new ConcurrentSkipListMap<>(reasons).forEach((r, n) -> field(json, name + ".reason." + r, n.sum()));
            field(json, name + ".latency.count", h.getTotalCount());
            for (double p : new double[] {50, 90, 99, 99.9}) {
                field(json, name + ".latency.p" + String.format(Locale.ROOT, "%s", p).replace(".0", "") + "_us",
                        h.getValueAtPercentile(p));
            }
            field(json, name + ".latency.max_us", h.getMaxValue());
        }
    }

    /** Appends one {@code "key":number} member. */
    static void field(StringBuilder json, String key, long value) {
        json.append(json.length() > 1 ? ",\n \"" : "\"").append(key).append("\":").append(value);
    }

    /** Appends one {@code "key":"text"} member; the text is the server's own, without quotes to escape. */
    static void field(StringBuilder json, String key, String value) {
        json.append(json.length() > 1 ? ",\n \"" : "\"").append(key).append("\":\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
