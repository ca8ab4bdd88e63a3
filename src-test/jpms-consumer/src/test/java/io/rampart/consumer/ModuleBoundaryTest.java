package io.rampart.consumer;

import io.rampart.Engine;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's module boundary as a user on the module path meets it: the exported packages serve,
 * {@code io.rampart.internal} does not compile. The tests themselves run on the class path; each
 * check starts javac or a JVM on the module path.
 */
class ModuleBoundaryTest {
    @TempDir
    Path dir;

    @Test
    void theConsumerModuleRunsOnTheModulePath() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = String.join(File.pathSeparator, location(Engine.class), dependencies(),
                location(Main.class));
        Process p = new ProcessBuilder(java, "--module-path", modulePath, "-m", "io.rampart.consumer/io.rampart.consumer.Main")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the consumer ended; output: %s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; output: %s", out).isZero();
        assertThat(out).contains("answer: HELLO").contains("engine module: io.rampart")
                .contains("queue waits recorded: 1");
    }

    @Test
    void theExportedPackagesCompileForAModuleThatRequiresTheEngine() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compileProbe("""
                package probe;
                import io.rampart.Engine;
                import io.rampart.balance.LoadBalancer;
                public class Probe {
                    Engine.Builder builder = Engine.builder();
                    LoadBalancer balancer = LoadBalancer.roundRobin();
                }
                """);
        assertThat(errors).as("errors compiling against the exported packages").isEmpty();
    }

    @Test
    void theMetricsApiAndItsHistogramsCompileForAModuleThatRequiresOnlyTheEngine() throws Exception {
        // io.rampart requires HdrHistogram transitively: SlotMetrics hands out its Histogram.
        List<Diagnostic<? extends JavaFileObject>> errors = compileProbe("""
                package probe;
                import io.rampart.Engine;
                import io.rampart.GroupMetrics;
                import org.HdrHistogram.Histogram;
                public class Probe {
                    long p99(Engine engine) {
                        GroupMetrics m = engine.metrics("g");
                        Histogram h = m.slots().get(0).queueWait();
                        return h == null ? -1 : h.getValueAtPercentile(99);
                    }
                }
                """);
        assertThat(errors).as("errors compiling against the metrics API").isEmpty();
    }

    @Test
    void theInternalPackageDoesNotCompileForAModuleThatRequiresTheEngine() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compileProbe("""
                package probe;
                import io.rampart.internal.SlotRing;
                public class Probe {
                    Object ring = SlotRing.FULL;
                }
                """);
        assertThat(errors).as("javac refuses the internal package").isNotEmpty();
        assertThat(errors.get(0).getMessage(null))
                .contains("package io.rampart.internal is not visible")
                .contains("does not export it");
    }

    /** Compiles module {@code probe} (requires io.rampart) with one class; returns javac's errors. */
    private List<Diagnostic<? extends JavaFileObject>> compileProbe(String probeClass) throws IOException, URISyntaxException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("probe"));
        Path moduleInfo = Files.writeString(src.resolve("module-info.java"), "module probe { requires io.rampart; }");
        Path probe = Files.writeString(src.resolve("probe").resolve("Probe.java"), probeClass);
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // An empty class path: javac would otherwise take this JVM's, where the engine sits unnamed.
            List<String> options = List.of("--release", "17", "-d", out.toString(), "-classpath", out.toString(),
                    "--module-path",
                    location(Engine.class) + File.pathSeparator + dependencies());
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(moduleInfo, probe)).call();
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
    }

    /**
     * The jars of the engine's dependencies, the Disruptor and HdrHistogram (named reflectively: the test compiles
     * patched into the module). HdrHistogram's module name, {@code HdrHistogram}, comes from its jar's file name.
     */
    private static String dependencies() throws URISyntaxException {
        try {
            return location(Class.forName("com.lmax.disruptor.Sequence")) + File.pathSeparator
                    + location(Class.forName("org.HdrHistogram.Histogram"));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("an engine dependency is not on the test class path", e);
        }
    }

    /** The jar or class directory a class was loaded from. */
    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
