package io.rampart.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's {@code /stats} as saved by the script: a flat JSON object of {@code "key": number}
 * and {@code "key": "text"} members, read with one pattern since {@link Admin} writes nothing else.
 */
final class ServerStats {
    private static final Pattern MEMBER = Pattern.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9.]+)");

    private final Map<String, String> values;

    private ServerStats(Map<String, String> values) {
        this.values = values;
    }

    static ServerStats read(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher matcher = MEMBER.matcher(Files.readString(file));
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3).replace("\\\"", "\"")
                    .replace("\\\\", "\\") : matcher.group(2));
        }
        return new ServerStats(m);
    }

    String text(String key) {
        return values.getOrDefault(key, "n/a");
    }

    /** @return the number, or -1 when absent */
    long number(String key) {
        String v = values.get(key);
        return v == null ? -1 : Long.parseLong(v);
    }

    /** @return the 503 reasons counted in a phase, by reason */
    Map<String, Long> reasons(String phase) {
        Map<String, Long> r = new TreeMap<>();
        String prefix = phase + ".reason.";
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                r.put(k.substring(prefix.length()), Long.parseLong(v));
            }
        });
        return r;
    }
}
