package io.rampart.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One wrk run as {@code scripts/http-wrk.lua} prints it: the {@code RESULT} line (counts, errors) and
 * the {@code PCT} lines (latency percentiles in microseconds, from wrk's own histogram).
 *
 * @param requests    responses wrk read
 * @param durationUs  how long the run lasted
 * @param non2xx      responses that were not 2xx/3xx (503 here)
 * @param socketErrors connect, read and write errors
 * @param timeouts    requests not answered within wrk's {@code --timeout}
 * @param percentiles percentile (50, 99.9, 100 ...) to latency in microseconds
 */
record WrkRun(long requests, long durationUs, long non2xx, long socketErrors, long timeouts,
              Map<Double, Long> percentiles) {

    /** @return requests per second over the run */
    double requestsPerSecond() {
        return durationUs == 0 ? 0 : requests * 1e6 / durationUs;
    }

    /** @return requests that got no answer in time or lost their connection */
    long hung() {
        return socketErrors + timeouts;
    }

    /** @return the latency at {@code p}, or -1 if the run did not print it */
    long percentile(double p) {
        return percentiles.getOrDefault(p, -1L);
    }

    /** Reads a wrk output file; fails if it has no RESULT line (wrk did not finish). */
    static WrkRun read(Path file) throws IOException {
        Map<String, Long> result = null;
        Map<Double, Long> pct = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("RESULT ")) {
                result = new LinkedHashMap<>();
                for (String kv : line.substring(7).trim().split("\\s+")) {
                    String[] p = kv.split("=", 2);
                    result.put(p[0], Long.parseLong(p[1]));
                }
            } else if (line.startsWith("PCT ")) {
                String[] p = line.trim().split("\\s+");
                pct.put(Double.parseDouble(p[1]), Long.parseLong(p[2]));
            }
        }
        if (result == null) {
            throw new IOException(file + " has no RESULT line: wrk did not finish or the Lua script was not used");
        }
        return new WrkRun(result.get("requests"), result.get("duration_us"), result.get("non2xx"),
                result.get("connect") + result.get("read") + result.get("write"), result.get("timeout"), pct);
    }
}
