package io.rampart.demo.journal;

import io.rampart.BatchAware;
import io.rampart.Context;
import io.rampart.Handler;
import io.rampart.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A journaling handler: appends each message to a file and answers each ask only once a
 * {@code force} has covered it, so an answered ask is on stable storage. The example of why
 * {@link BatchAware} exists: {@link Flush#PER_MESSAGE} forces after every message, {@link Flush#END_OF_BATCH}
 * once per batch, when {@link Context#endOfBatch()} says the message was the last one published. The
 * durability is the same (no ask answered before its message is forced); the number of forces is not.
 *
 * <pre>{@code
 * GroupSpec<byte[], Long> spec = GroupSpec.builder("journal", byte[].class)
 *         .answers(Long.class)
 *         .redundancy(1)
 *         .handler(Journal.factory(dir.resolve("journal.log"), Journal.Flush.END_OF_BATCH))
 *         .build();
 * long end = engine.distributor(spec).askOne(bytes).join(); // forced up to `end`
 * }</pre>
 *
 * <p>Each ask is answered with the file position up to which its message is written (a {@code Long}),
 * after a force that covered it. Tells are written and forced the same way, unanswered.
 */
public final class Journal implements Handler<byte[]>, BatchAware {
    /** When the handler forces the file. */
    public enum Flush {
        /** After every message: one force per message. */
        PER_MESSAGE,
        /** After the last message of each batch (and when the ring runs dry): one force per batch. */
        END_OF_BATCH
    }

    /** Where the journal goes: a file, or a recording stand-in in tests. */
    public interface Storage {
        /** Appends {@code bytes} (all of them). */
        void append(ByteBuffer bytes) throws IOException;

        /** Forces everything appended so far to stable storage. */
        void force() throws IOException;
    }

    private final Storage storage;
    private final Flush flush;
    /** Reused for every message, so the handler allocates nothing per message but the deferred answers. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    /** Asks written but not yet forced, and the position each must see forced before it is answered. */
    private Reply[] waiting = new Reply[64];
    private long[] waitingEnd = new long[64];
    private int waitingCount;
    private long written;
    private long forced;
    private long forces;

    /**
     * @param storage where the messages are appended and forced
     * @param flush   when to force
     */
    public Journal(Storage storage, Flush flush) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.flush = Objects.requireNonNull(flush, "flush");
    }

    /**
     * A journal appending to {@code file} (created if missing, appended to if present).
     *
     * @param file  the journal file
     * @param flush when to force
     * @return the handler
     * @throws IOException if the file cannot be opened
     */
    public static Journal open(Path file, Flush flush) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new Journal(new Storage() {
            @Override
            public void append(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public void force() throws IOException {
                channel.force(false);
            }
        }, flush);
    }

    /**
     * A handler factory for a group of ONE slot: each handler {@link #open opens} {@code file} (a restart
     * opens it again and appends). Give each slot of a larger group a file of its own instead.
     *
     * @param file  the journal file
     * @param flush when to force
     * @return the factory; it throws {@link UncheckedIOException} if the file cannot be opened, which the
     *         slot's supervisor sees as a failed start
     */
    public static Supplier<Journal> factory(Path file, Flush flush) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(flush, "flush");
        return () -> {
            try {
                return open(file, flush);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public void handle(byte[] message, Context ctx) throws IOException {
        if (message.length > buffer.capacity()) {
            throw new IllegalArgumentException("a journal entry holds at most " + buffer.capacity()
                    + " bytes, not " + message.length);
        }
        buffer.clear();
        buffer.put(message).flip();
        storage.append(buffer);
        written += message.length;
        if (ctx.isAsk()) {
            await(ctx.defer(), written);
        }
        if (flush == Flush.PER_MESSAGE || ctx.endOfBatch()) {
            force();
        }
    }

    /** The ring ran dry: nothing may stay unforced while no message comes to end a batch. */
    @Override
    public void onIdle() throws IOException {
        force();
    }

    /** How many times this handler forced the storage. Read on the slot's thread, or once it is stopped. */
    public long forces() {
        return forces;
    }

    private void await(Reply reply, long end) {
        if (waitingCount == waiting.length) {
            waiting = Arrays.copyOf(waiting, waitingCount * 2);
            waitingEnd = Arrays.copyOf(waitingEnd, waitingCount * 2);
        }
        waiting[waitingCount] = reply;
        waitingEnd[waitingCount] = end;
        waitingCount++;
    }

    /**
     * Forces what was written since the last force, then answers every ask that force covers. A failed
     * force fails those asks with its cause (none of them is known to be on stable storage) and is the
     * handler's failure: its supervisor decides what happens next.
     */
    private void force() throws IOException {
        if (written == forced) {
            return;
        }
        try {
            storage.force();
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < waitingCount; i++) {
                waiting[i].fail(e);
                waiting[i] = null;
            }
            waitingCount = 0;
            throw e;
        }
        forces++;
        forced = written;
        for (int i = 0; i < waitingCount; i++) {
            waiting[i].reply(waitingEnd[i]);
            waiting[i] = null;
        }
        waitingCount = 0;
    }
}
