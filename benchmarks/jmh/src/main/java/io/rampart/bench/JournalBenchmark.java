package io.rampart.bench;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.bench.report.Compared;
import io.rampart.demo.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why batch-aware handlers exist: the journaling example ({@link Journal}), one slot appending each ask's 64-byte
 * message to a file and answering it only after {@code FileChannel.force} covered it, forcing after every message
 * ({@code rampart-perMessage}) or once per batch at end of batch ({@code rampart-endOfBatch}). Durability is equal:
 * no ask is answered before its message is forced. One caller keeps {@link #WINDOW} asks in flight, then waits for
 * each answer in order and checks it is the file position its message ends at. One operation is one ask.
 *
 * <p>Threads: 2 busy (the caller, the slot) and the engine's ask-timer thread. Wait strategy: the default
 * (backoffThenPark). The file is in {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir} to the disk to measure),
 * truncated at each trial; what a force costs is the file system's and the disk's, so only the ratio of the two
 * values measured in one run means anything.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class JournalBenchmark {
    /** Asks in flight per invocation. */
    static final int WINDOW = 256;
    private static final byte[] ENTRY = new byte[64];

    static final Systems<Journal.Flush> SYSTEMS = new Systems<Journal.Flush>(Workloads.JOURNAL)
            .add("rampart-perMessage", Compared.RAMPART, "force after every message", "1 caller, 1 slot",
                    Waits.rampartSlot("backoffThenPark"), () -> Journal.Flush.PER_MESSAGE)
            .add("rampart-endOfBatch", Compared.RAMPART, "force at end of batch (BatchAware)", "1 caller, 1 slot",
                    Waits.rampartSlot("backoffThenPark"), () -> Journal.Flush.END_OF_BATCH);

    /** When the journal forces; the defaults are {@link #SYSTEMS}' values, in order. */
    @Param({"rampart-perMessage", "rampart-endOfBatch"})
    public String system;

    private Path file;
    private Engine engine;
    private Distributor<byte[], Long> journal;
    @SuppressWarnings("unchecked")
    private final CompletableFuture<Long>[] window = new CompletableFuture[WINDOW];
    private long expectedEnd;

    @Setup(Level.Trial)
    public void start() throws IOException {
        Journal.Flush flush = SYSTEMS.create(system);
        file = Files.createTempFile("rampart-journal-", ".log");
        engine = Engine.builder().name("journal-" + system)
                .group(GroupSpec.builder("journal", byte[].class).answers(Long.class).redundancy(1)
                        .handler(Journal.factory(file, flush)).build())
                .build();
        engine.start();
        journal = engine.distributor("journal", byte[].class, Long.class);
    }

    /** One window: send every ask, then wait for each answer in order. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void ask() {
        for (int i = 0; i < WINDOW; i++) {
            window[i] = journal.askOne(ENTRY, Duration.ofSeconds(30));
        }
        for (int i = 0; i < WINDOW; i++) {
            long end = window[i].join();
            expectedEnd += ENTRY.length;
            if (end != expectedEnd) {
                throw new IllegalStateException(system + ": ask answered with position " + end + ", expected "
                        + expectedEnd);
            }
            window[i] = null;
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        engine.close();
        Files.deleteIfExists(file);
    }
}
