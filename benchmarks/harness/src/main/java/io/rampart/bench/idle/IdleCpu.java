package io.rampart.bench.idle;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.WaitStrategy;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.bench.report.ResultFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How much CPU an idle engine burns: one group of 4 slots with the default wait strategy
 * ({@code backoffThenPark}), warmed with a few asks and tells, then left alone.
 *
 * <p>Usage: {@code IdleCpu [--seconds s] [--settle s] [--slots n] [--wait name] [--out dir]} (defaults 10 s idle,
 * 1 s settle, 4 slots, {@code backoffThenPark}, the current directory; {@code --wait} takes the names of
 * {@link RampartEngines#waitStrategy(String)}, e.g. {@code --wait yielding} to check that the measurement does
 * see spinning slots). After the warm-up it waits {@code --settle} seconds (the warm-up's last
 * asks leave the timer ticking for up to a millisecond and the JIT may still be compiling them; neither is the
 * idle engine), then measures over {@code --seconds}:
 * <ul>
 * <li>the whole process's CPU time ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()}),
 *     which includes the JVM's own threads (GC, JIT, VM periodic tasks): the figure the target is
 *     about, "&lt; 5% of one core";</li>
 * <li>the CPU time of each thread the engine started (its thread factory records them), via
 *     {@code ThreadMXBean.getThreadCpuTime}, to show where any idle cost comes from.</li>
 * </ul>
 * Percentages are of one core: CPU time divided by wall time. The OS counts process CPU time in clock ticks
 * (typically 10 ms), so an engine that never wakes can show exactly 0. It prints the result and writes
 * {@value ResultFiles#IDLE_CPU} ({@code key=value} lines, read by the report) into the output directory.
 *
 * <p>Threads: the engine's 4 slot threads, its ask-timer and scheduler threads, and this main thread, which
 * sleeps during the measurement.
 */
public final class IdleCpu {
    private static final String GROUP = "workers";
    private static final int WARM_ASKS = 2_000;
    private static final int WARM_TELLS = 20_000;

    private IdleCpu() {
    }

    public static void main(String[] args) throws Exception {
        Duration idle = Duration.ofSeconds(10);
        Duration settle = Duration.ofSeconds(1);
        int slots = 4;
        String waitName = "backoffThenPark";
        Path out = Paths.get(".");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--seconds" -> idle = Duration.ofMillis((long) (Double.parseDouble(args[i + 1]) * 1000));
                case "--settle" -> settle = Duration.ofMillis((long) (Double.parseDouble(args[i + 1]) * 1000));
                case "--slots" -> slots = Integer.parseInt(args[i + 1]);
                case "--wait" -> waitName = args[i + 1];
                case "--out" -> out = Paths.get(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: [--seconds s] [--settle s] [--slots n] [--wait name] [--out dir]");
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        List<Thread> started = new CopyOnWriteArrayList<>();
        WaitStrategy wait = RampartEngines.waitStrategy(waitName);
        Engine engine = Engine.builder()
                .name("idle")
                .threadFactory(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    started.add(t);
                    return t;
                })
                .group(GroupSpec.builder(GROUP, Object.class)
                        .redundancy(slots)
                        .waitStrategy(wait)
                        .handler(() -> (message, ctx) -> {
                            if (ctx.isAsk()) {
                                ctx.reply(message);
                            }
                        })
                        .build())
                .build();
        try {
            engine.start();
            warm(engine.distributor(GROUP));
            Thread.sleep(settle.toMillis());

            long[] threadStart = new long[started.size()];
            for (int i = 0; i < threadStart.length; i++) {
                threadStart[i] = threads.getThreadCpuTime(started.get(i).getId());
            }
            long processStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            Thread.sleep(idle.toMillis());
            long processCpu = os.getProcessCpuTime() - processStart;
            long wall = System.nanoTime() - wallStart;
            long engineCpu = 0;
            List<String> perThread = new ArrayList<>();
            for (int i = 0; i < threadStart.length; i++) {
                long cpu = threads.getThreadCpuTime(started.get(i).getId()) - threadStart[i];
                engineCpu += cpu;
                perThread.add(String.format(Locale.ROOT, "thread.%s.cpu_ms=%.3f", started.get(i).getName(),
                        cpu / 1e6));
            }
            if (engine.deadLetterCount() != 0) {
                throw new IllegalStateException("warm-up produced " + engine.deadLetterCount() + " dead letters");
            }
            List<String> lines = new ArrayList<>();
            lines.add("# IdleCpu: an idle Rampart engine, CPU time over wall time (100 = one core)");
            lines.add("slots=" + slots);
            lines.add("wait_strategy=" + wait + (wait == WaitStrategy.backoffThenPark() ? " (default)" : ""));
            lines.add("engine_threads=" + started.size());
            lines.add(String.format(Locale.ROOT, "settle_s=%.1f", settle.toMillis() / 1000.0));
            lines.add(String.format(Locale.ROOT, "seconds=%.3f", wall / 1e9));
            lines.add(String.format(Locale.ROOT, "process_cpu_ms=%.3f", processCpu / 1e6));
            lines.add(String.format(Locale.ROOT, "process_pct_of_one_core=%.3f", 100.0 * processCpu / wall));
            lines.add(String.format(Locale.ROOT, "engine_threads_cpu_ms=%.3f", engineCpu / 1e6));
            lines.add(String.format(Locale.ROOT, "engine_threads_pct_of_one_core=%.3f", 100.0 * engineCpu / wall));
            lines.addAll(perThread);
            Files.createDirectories(out);
            Files.write(out.resolve(ResultFiles.IDLE_CPU), lines, StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "idle cpu: %d slots (%s), %.1f s idle: process %.2f%% of one core "
                            + "(%.1f ms), engine threads %.2f%% (%.1f ms, %d threads)%n", slots, wait, wall / 1e9,
                    100.0 * processCpu / wall, processCpu / 1e6, 100.0 * engineCpu / wall, engineCpu / 1e6,
                    started.size());
        } finally {
            engine.close();
        }
    }

    /** A few asks to every slot and some tells, so the slots have run, parked and been woken before measuring. */
    private static void warm(Distributor<Object, Object> group) throws Exception {
        for (int i = 0; i < WARM_ASKS; i++) {
            Object reply = group.askOne(i).get(10, TimeUnit.SECONDS);
            if (!Integer.valueOf(i).equals(reply)) {
                throw new IllegalStateException("warm-up ask " + i + " answered with " + reply);
            }
        }
        for (CompletableFuture<Object> f : group.askEveryone("warm")) {
            f.get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < WARM_TELLS; i++) {
            group.tellOne("warm");
        }
    }
}
