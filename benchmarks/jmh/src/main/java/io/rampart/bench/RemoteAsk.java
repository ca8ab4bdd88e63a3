package io.rampart.bench;

import io.rampart.Distributor;
import java.time.Duration;
import java.util.Arrays;
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
 * A remote ask's round trip, one at a time, through the engine's own {@link Distributor}: node 1's mirror slot
 * encodes and offers the ASK, node 2's wire thread hands it to its slot, the slot answers, the REPLY is offered back
 * from that slot's thread, node 1's wire thread completes the ask. Held to {@link AeronPingPong} on the same
 * {@code path} (issue 14's target: p99 at most 2× the raw ping-pong), with the same driver (SHARED, one thread) and
 * the same idle strategy on every Aeron-facing thread ({@code BackoffIdleStrategy(10, 5, 1 µs, 1 ms)}: the driver,
 * both wire threads); the engine's slots wait as the engine's default ({@code backoffThenPark}); see
 * {@link RemoteNodes} for all threads (6 besides the caller's, on 2 cores).
 *
 * <p>{@code askOne}: {@code askOne(m).get()} (the caller waits in the future); {@code askOneSync}: the
 * allocation-free caller wait on a per-thread reply cell. Each checks the answer is the message sent. 8-byte
 * messages with {@code Codecs.bytes()} (4-byte length and the bytes), so a frame is 44 bytes against the
 * baseline's 40.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RemoteAsk {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** {@code ipc} or {@code udp} (loopback), as {@link AeronPingPong}'s. */
    @Param({EmbeddedAeron.IPC, EmbeddedAeron.UDP})
    public String path;

    private RemoteNodes nodes;
    private Distributor<byte[], byte[]> remote;
    private final byte[] message = {1, 2, 3, 4, 5, 6, 7, 8};

    @Setup(Level.Trial)
    public void setUp() {
        nodes = new RemoteNodes(path, 1024);
        remote = nodes.senderEngine.distributor(RemoteNodes.GROUP, byte[].class, byte[].class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nodes.close();
    }

    @Benchmark
    public byte[] askOne() throws Exception {
        return check(remote.askOne(message).get(10, TimeUnit.SECONDS));
    }

    @Benchmark
    public byte[] askOneSync() {
        return check(remote.askOneSync(message, TIMEOUT));
    }

    private byte[] check(byte[] answer) {
        if (!Arrays.equals(answer, message)) {
            throw new IllegalStateException("wrong answer " + Arrays.toString(answer));
        }
        return answer;
    }
}
