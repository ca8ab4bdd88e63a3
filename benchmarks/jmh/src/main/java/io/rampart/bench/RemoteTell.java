package io.rampart.bench;

import io.rampart.Distributor;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Remote {@code tellOne} throughput: one JMH thread tells node 1's mirror of a one-slot group on node 2; the mirror
 * offers each as a TELL frame; node 2's wire thread hands it to its slot, which counts it. Beside
 * {@link AeronTell} (raw one-way offers on the same path, same driver and idle strategy; see {@link RemoteNodes}).
 *
 * <p>What is measured is what {@code tellOne} accepted: the mirror ring (1,024) fills when Aeron's flow control
 * holds the mirror back, and then the caller waits (the mirror's backpressure, block(1s)), so the rate is the
 * pipeline's. Each iteration ends when node 2 has handled or refused everything accepted; a tell node 2's slot
 * ring (65,536) refused on arrival is counted, and the trial fails if any was: a rate bought with refusals would
 * not be a rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RemoteTell {
    /** {@code ipc} or {@code udp} (loopback), as {@link AeronTell}'s. */
    @Param({EmbeddedAeron.IPC, EmbeddedAeron.UDP})
    public String path;

    private RemoteNodes nodes;
    private Distributor<byte[], byte[]> remote;
    private final byte[] message = {1, 2, 3, 4, 5, 6, 7, 8};
    private long told;

    @Setup(Level.Trial)
    public void setUp() {
        nodes = new RemoteNodes(path, 65_536);
        remote = nodes.senderEngine.distributor(RemoteNodes.GROUP, byte[].class, byte[].class);
    }

    @TearDown(Level.Iteration)
    public void drain() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (nodes.handled.get() + nodes.host.tellsRefusedOnArrival() < told) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("node 2 got " + nodes.handled.get() + " of " + told
                        + " tells within 30 s");
            }
            Thread.yield();
        }
        if (nodes.host.tellsRefusedOnArrival() > 0) {
            throw new IllegalStateException(nodes.host.tellsRefusedOnArrival() + " tells refused on arrival");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nodes.close();
    }

    @Benchmark
    public void tellOne() {
        remote.tellOne(message);
        told++;
    }
}
