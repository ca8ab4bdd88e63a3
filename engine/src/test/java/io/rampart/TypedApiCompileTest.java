package io.rampart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the typed API refuses at compile time: javac compiles small probes against the engine's
 * classes (the class path this test was loaded from). The correct calls compile; each wrong one is
 * refused on its own line.
 */
class TypedApiCompileTest {
    /** The probe's fixed part: a typed spec and its distributor; {@code %s} is the code under test. */
    private static final String PROBE = """
            package probe;
            import io.rampart.*;
            import java.time.Duration;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            public class Probe {
                void run(Engine engine) throws Exception {
                    GroupSpec<String, Integer> spec = GroupSpec.builder("g", String.class).answers(Integer.class)
                            .handler(() -> (String m, Context ctx) -> ctx.reply(m.length())).build();
                    Distributor<String, Integer> d = engine.distributor(spec);
            %s
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theCorrectCallsCompile() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                        d.tellOne("x");
                        boolean taken = d.tryTellOne("x");
                        int reached = d.tellEveryone("x");
                        BatchResult batch = d.tellBatch(List.of("a", "b"));
                        d.tellTo(0, "x");
                        CompletableFuture<Integer> f = d.askOne("x");
                        CompletableFuture<Integer> g = d.askOne("x", Duration.ofSeconds(1));
                        Integer sync = d.askOneSync("x", Duration.ofSeconds(1));
                        Integer sync2 = d.askOneSync("x", Duration.ofSeconds(1), WaitStrategy.yielding());
                        List<CompletableFuture<Integer>> all = d.askEveryone("x");
                        CompletableFuture<Integer> to = d.askTo(0, "x");
                        Distributor<String, Integer> byName = engine.distributor("g", String.class, Integer.class);
                        Distributor<Object, Object> untyped = engine.distributor("g");
                        untyped.tellOne(42); // compiles: checked at run time, at the call site
                        GroupSpec<Object, Object> any = GroupSpec.builder("any", Object.class)
                                .handler(() -> (m, ctx) -> { }).build();
                        @SuppressWarnings("unchecked")
                        Class<List<String>> lists = (Class<List<String>>) (Class<?>) List.class;
                        GroupSpec<List<String>, Object> generic = GroupSpec.builder("lists", lists)
                                .handler(() -> (List<String> m, Context ctx) -> { }).build();
                """);
        assertThat(errors).as("errors compiling the correct calls").isEmpty();
    }

    @Test
    void aTellOfTheWrongTypeDoesNotCompile() throws Exception {
        assertRefused("d.tellOne(42);");
    }

    @Test
    void anAskWhoseFutureIsOfTheWrongTypeDoesNotCompile() throws Exception {
        assertRefused("CompletableFuture<String> f = d.askOne(\"x\");");
    }

    @Test
    void everyOtherWrongSendOrAnswerDoesNotCompile() throws Exception {
        assertRefused("d.tellBatch(List.of(1, 2));");
        assertRefused("d.askOne(42);");
        assertRefused("String s = d.askOneSync(\"x\", Duration.ofSeconds(1));");
        assertRefused("List<CompletableFuture<String>> all = d.askEveryone(\"x\");");
        assertRefused("CompletableFuture<String> to = d.askTo(0, \"x\");");
        assertRefused("d.tellTo(0, 42);");
    }

    @Test
    void aSpecIsTypedByItsDeclaredClasses() throws Exception {
        assertRefused("GroupSpec<String, Integer> noAnswers = GroupSpec.builder(\"h\", String.class)"
                + ".handler(() -> (m, ctx) -> { }).build();");
        assertRefused("GroupSpec.builder(\"h\", String.class).handler(() -> (Integer m, Context ctx) -> { });");
        assertRefused("Distributor<Integer, Integer> wrong = engine.distributor(spec);");
    }

    /** Compiles the probe with {@code code} on one line; asserts javac refused that line. */
    private void assertRefused(String code) throws IOException, URISyntaxException {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("        " + code);
        assertThat(errors).as("javac refuses: %s", code).isNotEmpty();
        long codeLine = PROBE.lines().takeWhile(l -> !l.equals("%s")).count() + 1;
        assertThat(errors).as("every error is on the line of: %s", code)
                .allSatisfy(e -> assertThat(e.getLineNumber()).isEqualTo(codeLine));
    }

    private List<Diagnostic<? extends JavaFileObject>> compile(String code) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve("src").resolve("probe"));
        Path probe = Files.writeString(src.resolve("Probe.java"), PROBE.formatted(code));
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-d", out.toString(),
                    "-classpath", location(Distributor.class) + File.pathSeparator + location(com.lmax.disruptor.Sequence.class));
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(probe)).call();
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
    }

    /** The jar or class directory a class was loaded from. */
    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
