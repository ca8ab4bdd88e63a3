package io.rampart;

import com.lmax.disruptor.Sequence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's compiled classes as a graph of files: each top-level class and the top-level engine
 * classes it uses, read with {@code jdeps -verbose:class} (what the code really uses, not what its
 * imports or javadoc say). A nested class belongs to its file.
 */
final class ClassGraph {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.rampart\\.\\S+)\\s+->\\s+(io\\.rampart\\.\\S+)\\s");

    private ClassGraph() {
    }

    /** @return top-level class -> the top-level engine classes it uses, for target/classes */
    static Map<String, Set<String>> engine() {
        Path classes = Path.of("target", "classes");
        assertThat(Files.isDirectory(classes)).as("compiled classes at %s", classes.toAbsolutePath()).isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // The classes hold module-info (module io.rampart requires com.lmax.disruptor and HdrHistogram):
        // jdeps resolves them.
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--module-path",
                jarOf(Sequence.class) + java.io.File.pathSeparator + jarOf(org.HdrHistogram.Histogram.class),
                "-verbose:class", "-filter:none", classes.toString());
        assertThat(rc).as("jdeps exit code; stderr: %s", err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                String from = topLevel(m.group(1));
                String to = topLevel(m.group(2));
                graph.computeIfAbsent(from, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    graph.get(from).add(to);
                    graph.computeIfAbsent(to, k -> new TreeSet<>());
                }
            }
        }
        graph.remove("module-info");
        assertThat(graph).as("jdeps found the engine's classes").hasSizeGreaterThan(20);
        return graph;
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }
}
