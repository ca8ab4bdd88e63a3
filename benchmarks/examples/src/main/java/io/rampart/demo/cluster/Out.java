package io.rampart.demo.cluster;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The status lines {@link ClusterNode} prints on stdout, one event per line, for scripts and tests to read:
 * {@code KIND key=value key=value ... t=<epoch ms>}. A value with a space is double-quoted (with no double quote
 * inside it). Printed whole, one line at a time, from any thread.
 */
final class Out {
    private Out() {
    }

    /**
     * Prints {@code kind} and the key-value pairs, then {@code t=} the wall clock in epoch milliseconds.
     *
     * @param kind      the line's kind, e.g. {@code STATUS}
     * @param keyValues key, value, key, value, ...
     */
    static void line(String kind, Object... keyValues) {
        StringBuilder sb = new StringBuilder(kind);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=').append(value(keyValues[i + 1]));
        }
        sb.append(" t=").append(System.currentTimeMillis());
        synchronized (System.out) {
            System.out.println(sb);
        }
    }

    private static String value(Object v) {
        String s = String.valueOf(v).replace('"', '\'').replace('\n', ' ');
        return s.isEmpty() || s.indexOf(' ') >= 0 ? '"' + s + '"' : s;
    }

    /** {@code k:v,k:v} of a map, or {@code -} if it is empty. */
    static String map(Map<?, ?> m) {
        if (m.isEmpty()) {
            return "-";
        }
        StringJoiner j = new StringJoiner(",");
        m.forEach((k, v) -> j.add(k + ":" + v));
        return j.toString();
    }
}
