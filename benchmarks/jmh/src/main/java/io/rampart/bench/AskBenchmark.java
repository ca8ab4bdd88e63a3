package io.rampart.bench;

import io.rampart.bench.peers.DisruptorWaits;
import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.bench.peers.roundtrip.BlockingQueueSubject;
import io.rampart.bench.peers.roundtrip.DisruptorSubject;
import io.rampart.bench.peers.roundtrip.ExecutorSubject;
import io.rampart.bench.peers.roundtrip.LatencySubject;
import io.rampart.bench.peers.roundtrip.PekkoAskSubject;
import io.rampart.bench.peers.roundtrip.RampartSubject;
import io.rampart.bench.report.Compared;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ask round trip, one caller, back to back ({@link Workloads#ASK_ROUND_TRIP}), for every system: each operation
 * sends one request through the system's {@link LatencySubject} (the same code the latency harness drives at a
 * fixed rate, so both measure one implementation per system) and waits for its echo, checked against the
 * request; at tear-down the number of replies must equal the number of asks. SampleTime, so JMH reports the
 * percentiles.
 *
 * <p>Threads: 2 for every system, the caller and one consumer: Rampart's slot consumer (plus the engine's
 * ask-timer thread, woken by an ask that finds none other in flight), the Disruptor ponger, the Pekko actor on a
 * 1-thread dispatcher (plus Pekko's scheduler thread), the executor's worker, the queue's echo thread. Each
 * subject's class draws its topology.
 *
 * <p>{@code @Param system} (see {@link Systems}): {@code rampart-backoffThenPark} (the default; compare with
 * Pekko and Disruptor "phasedLite" and "liteBlocking") and {@code rampart-yielding} (compare with Disruptor
 * "yielding"), sleeping and busySpin on request, and {@code rampart-backoffThenPark-latency} on request (the
 * default with {@code recordLatency(true)}, to measure what recording costs), all through {@code askOne(...).get}, whose caller spins and
 * yields as the slot's strategy says before it parks; {@code rampart-backoffThenPark-sync} and
 * {@code rampart-yielding-sync}: the allocation-free {@code askOneSync}, caller and slot waiting alike (2 threads:
 * the caller and the slot, no ask timer; {@link RampartSyncSubject}); {@code disruptor-<wait>} (ping-pong over two single-producer
 * rings, both rings waiting alike: yielding, phasedLite, liteBlocking, and blocking as an extra row; sleeping and
 * busySpin on request); {@code pekko} (Pekko's defaults) and {@code pekko-tuned} (affinity pool, throughput 100,
 * single-consumer mailbox; {@code PekkoSystems}), {@code executor}, {@code abq}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class AskBenchmark {
    static final Systems<LatencySubject> SYSTEMS = new Systems<>(Workloads.ASK_ROUND_TRIP);

    static {
        for (String wait : List.of("backoffThenPark", "yielding")) {
            SYSTEMS.add("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, "1 caller, 1 slot",
                    Waits.rampartSlot(wait), () -> new RampartSubject("rampart-" + wait, wait));
        }
        for (String wait : List.of("backoffThenPark", "yielding")) {
            SYSTEMS.add("rampart-" + wait + "-sync", Compared.RAMPART, "waitStrategy=" + wait + ", askOneSync",
                    "1 caller, 1 slot", "slot and caller: " + wait + " (askOneSync)",
                    () -> new RampartSyncSubject("rampart-" + wait + "-sync", wait));
        }
        for (String wait : List.of("yielding", "phasedLite", "liteBlocking", "blocking")) {
            SYSTEMS.add("disruptor-" + wait, "Disruptor", "waitStrategy=" + wait, "1 caller, 1 ponger",
                    "both rings: " + DisruptorWaits.describe(wait), () -> new DisruptorSubject(wait));
        }
        SYSTEMS.add("pekko", "Pekko classic", "default", "1 caller, 1 actor on a 1-thread dispatcher",
                Waits.pekko(PekkoSystems.Tuning.DEFAULT) + "; caller blocks in get",
                () -> new PekkoAskSubject(PekkoSystems.Tuning.DEFAULT));
        SYSTEMS.add("pekko-tuned", "Pekko classic", "tuned", "1 caller, 1 actor on a 1-thread affinity pool",
                Waits.pekko(PekkoSystems.Tuning.LATENCY) + "; caller blocks in get",
                () -> new PekkoAskSubject(PekkoSystems.Tuning.LATENCY));
        SYSTEMS.add("executor", "CompletableFuture on ThreadPoolExecutor", "-", "1 caller, 1 worker",
                "worker blocks in take; caller blocks in get", ExecutorSubject::new);
        SYSTEMS.add("abq", "ArrayBlockingQueue", "-", "1 caller, 1 echo thread", "blocking on both queues",
                BlockingQueueSubject::new);
        SYSTEMS.onRequest("rampart-backoffThenPark-latency", Compared.RAMPART,
                "waitStrategy=backoffThenPark, recordLatency(true)", "1 caller, 1 slot",
                Waits.rampartSlot("backoffThenPark"),
                () -> new RampartSubject("rampart-backoffThenPark-latency", "backoffThenPark" + RampartEngines.LATENCY));
        for (String wait : List.of("sleeping", "busySpin")) {
            SYSTEMS.onRequest("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, "1 caller, 1 slot",
                    Waits.rampartSlot(wait), () -> new RampartSubject("rampart-" + wait, wait));
            SYSTEMS.onRequest("disruptor-" + wait, "Disruptor", "waitStrategy=" + wait, "1 caller, 1 ponger",
                    "both rings: " + wait, () -> new DisruptorSubject(wait));
        }
    }

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-backoffThenPark", "rampart-yielding", "rampart-backoffThenPark-sync", "rampart-yielding-sync",
            "disruptor-yielding", "disruptor-phasedLite",
            "disruptor-liteBlocking", "disruptor-blocking", "pekko", "pekko-tuned", "executor", "abq"})
    public String system;

    private LatencySubject subject;
    private long asks;
    private long replies;

    @Setup(Level.Trial)
    public void start() throws Exception {
        subject = SYSTEMS.create(system);
        subject.start();
    }

    /** One checked round trip; returns the reply so JMH consumes it. */
    @Benchmark
    public long ask() throws Exception {
        long request = asks++;
        long reply = subject.roundTrip(request);
        if (reply != request) {
            throw new IllegalStateException(system + ": ask " + request + " answered with " + reply);
        }
        replies++;
        return reply;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        subject.close();
        if (replies != asks) {
            throw new IllegalStateException(system + ": " + asks + " asks but " + replies + " replies");
        }
    }
}
