package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Counts the bytes the encoding thread allocates with the JVM's per-thread allocation counter, as the engine's
 * {@code HotPathAllocationTest} does: a count, not a timing, so it is exact enough for a unit test. The send path of
 * the built-in codecs must allocate nothing once warm, the frame header included.
 */
class CodecAllocationTest {
    private static final int CALLS = 100_000;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Mixed 1-, 2-, 3- and 4-byte characters. */
    private static final String TEXT = "order 42: 3 × widget @ 12,50 € — ok 𝄞";

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final FrameWriter writer = new FrameWriter(2, 4096);
    private final int groupId = WireGroup.idOf("orders");
    /** Every result goes here, so that no call is dead code. */
    private long sink;

    @Test
    void utf8EncodeAllocatesNothingOnceWarm() {
        int exact = TEXT.getBytes(StandardCharsets.UTF_8).length;
        Codec<String> utf8 = Codecs.utf8();
        assertAllocatesNothing("utf8 encode, room to spare", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += utf8.encode(TEXT, buffer, 0, 4096);
            }
        });
        // Room for exactly the bytes: the codec counts them first.
        assertAllocatesNothing("utf8 encode, exact room", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += utf8.encode(TEXT, buffer, 0, exact);
            }
        });
        assertAllocatesNothing("utf8 encode, does not fit", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += utf8.encode(TEXT, buffer, 0, exact - 1);
            }
        });
        assertThat(sink).isNotZero();
    }

    @Test
    void bytesEncodeAllocatesNothingOnceWarm() {
        byte[] message = CodecTest.filled(200, (byte) 3);
        Codec<byte[]> bytes = Codecs.bytes();
        assertAllocatesNothing("bytes encode", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += bytes.encode(message, buffer, 0, 4096);
            }
        });
        assertAllocatesNothing("bytes encode, does not fit", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += bytes.encode(message, buffer, 0, 100);
            }
        });
    }

    @Test
    void quoteEncodeAllocatesNothingOnceWarm() {
        Quote quote = new Quote(7, 101_250_000L, 300);
        Codec<Quote> quotes = new QuoteCodec();
        assertAllocatesNothing("quote encode", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += quotes.encode(quote, buffer, 0, 4096);
            }
        });
    }

    @Test
    void writingATellOrAskFrameAllocatesNothingOnceWarm() {
        Quote quote = new Quote(7, 101_250_000L, 300);
        QuoteCodec quotes = new QuoteCodec();
        Codec<String> utf8 = Codecs.utf8();
        assertAllocatesNothing("TELL frame, utf8", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += writer.tell(buffer, 64, groupId, false, utf8, TEXT);
            }
        });
        assertAllocatesNothing("ASK frame, quote", () -> {
            for (int i = 0; i < CALLS; i++) {
                sink += writer.ask(buffer, 64, groupId, false, i, quotes, quote);
            }
        });
    }

    private static long allocatedByThisThread() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Warms {@code calls} up, then asserts that the fewest bytes this thread allocated over three runs is below one
     * byte per hundred calls. The fewest, as in the engine's test: a deoptimisation the first time a path is taken
     * can re-materialise a few hundred bytes once; a real per-call allocation shows in every run.
     */
    private static void assertAllocatesNothing(String what, Runnable calls) {
        for (int warm = 0; warm < 3; warm++) {
            calls.run();
        }
        long overhead = allocatedByThisThread();
        overhead = allocatedByThisThread() - overhead;
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long before = allocatedByThisThread();
            calls.run();
            fewest = Math.min(fewest, allocatedByThisThread() - before - overhead);
        }
        System.out.printf("%s: %d bytes over %d calls (%.3f B/op)%n", what, fewest, CALLS, (double) fewest / CALLS);
        assertThat(fewest).as("bytes allocated by %d calls of %s", CALLS, what).isLessThan(CALLS / 100);
    }
}
