package io.rampart.demo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journaling example: under both flush modes no ask is answered before a force covers its message (equal
 * durability), and end-of-batch flushing forces once per batch where per-message flushing forces once per message.
 */
class JournalTest {
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Counts appended bytes and forces; the first append can be held until the test releases it. */
    static final class Recording implements Journal.Storage {
        volatile long appended;
        volatile long forcedUpTo;
        final AtomicInteger forces = new AtomicInteger();
        final CountDownLatch firstAppendEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirstAppend;
        volatile IOException failForce;

        Recording(boolean holdFirstAppend) {
            releaseFirstAppend = new CountDownLatch(holdFirstAppend ? 1 : 0);
        }

        @Override
        public void append(ByteBuffer bytes) throws IOException {
            if (firstAppendEntered.getCount() > 0) {
                firstAppendEntered.countDown();
                try {
                    if (!releaseFirstAppend.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the first append");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            appended += bytes.remaining();
            bytes.position(bytes.limit());
        }

        @Override
        public void force() throws IOException {
            if (failForce != null) {
                throw failForce;
            }
            forcedUpTo = appended;
            forces.incrementAndGet();
        }
    }

    private Distributor<byte[], Long> start(Journal.Storage storage, Journal.Flush flush) {
        engine = Engine.builder().name("journal-" + flush)
                .group(GroupSpec.builder("journal", byte[].class).answers(Long.class).redundancy(1).ringSize(4096)
                        .handler(() -> new Journal(storage, flush)).build())
                .build();
        engine.start();
        return engine.distributor("journal", byte[].class, Long.class);
    }

    private static byte[] entry(int i) {
        return new byte[1 + i % 100];
    }

    @ParameterizedTest
    @EnumSource(Journal.Flush.class)
    void noAskIsAnsweredBeforeAForceCoversItsMessage(Journal.Flush flush) {
        Recording storage = new Recording(false);
        Distributor<byte[], Long> journal = start(storage, flush);
        int n = 3000;
        AtomicInteger answeredAheadOfForce = new AtomicInteger();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < n; i++) {
            byte[] e = entry(i);
            total += e.length;
            CompletableFuture<Long> f = journal.askOne(e, Duration.ofSeconds(10));
            // Runs on the slot's thread right after the reply, or here if already answered: either way after it.
            f.thenAccept(end -> {
                if (end > storage.forcedUpTo) {
                    answeredAheadOfForce.incrementAndGet();
                }
            });
            answers.add(f);
        }
        long previous = 0;
        for (CompletableFuture<Long> f : answers) {
            long end = f.join();
            assertThat(end).isGreaterThan(previous); // one slot, one sender: written in send order
            previous = end;
        }
        assertThat(previous).isEqualTo(total);
        assertThat(answeredAheadOfForce).hasValue(0);
        assertThat(storage.forcedUpTo).isEqualTo(total);
        if (flush == Journal.Flush.PER_MESSAGE) {
            assertThat(storage.forces).hasValue(n);
        } else {
            assertThat(storage.forces.get()).isBetween(1, n);
        }
    }

    /** Messages published while the slot is busy form one batch: end-of-batch flushing forces once for all of them. */
    @ParameterizedTest
    @EnumSource(Journal.Flush.class)
    void aBatchIsForcedOnceUnderEndOfBatchAndOncePerMessageOtherwise(Journal.Flush flush) throws Exception {
        Recording storage = new Recording(true);
        Distributor<byte[], Long> journal = start(storage, flush);
        CompletableFuture<Long> first = journal.askOne(entry(0));
        assertThat(storage.firstAppendEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> rest = new ArrayList<>();
        for (int i = 1; i <= 99; i++) {
            rest.add(journal.askOne(entry(i)));
        }
        storage.releaseFirstAppend.countDown();
        first.join();
        rest.forEach(CompletableFuture::join);
        // END_OF_BATCH: the first message was a batch of its own (nothing else was published when it started),
        // the 99 sent while it was held are the next one.
        assertThat(storage.forces).hasValue(flush == Journal.Flush.PER_MESSAGE ? 100 : 2);
    }

    @Test
    void aFailedForceFailsTheAsksItWouldHaveCoveredWithItsCause() throws Exception {
        Recording storage = new Recording(true);
        Distributor<byte[], Long> journal = start(storage, Journal.Flush.END_OF_BATCH);
        IOException disk = new IOException("disk gone");
        storage.failForce = disk;
        CompletableFuture<Long> first = journal.askOne(entry(0));
        assertThat(storage.firstAppendEntered.await(10, TimeUnit.SECONDS)).isTrue();
        storage.releaseFirstAppend.countDown();
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class).hasCause(disk);
        assertThat(storage.forces).hasValue(0);
    }

    @Test
    void theFileJournalWritesEveryMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.log");
        engine = Engine.builder().name("journal-file")
                .group(GroupSpec.builder("journal", byte[].class).answers(Long.class).redundancy(1)
                        .handler(Journal.factory(file, Journal.Flush.END_OF_BATCH)).build())
                .build();
        engine.start();
        Distributor<byte[], Long> journal = engine.distributor("journal", byte[].class, Long.class);
        long total = 0;
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            total += entry(i).length;
            answers.add(journal.askOne(entry(i)));
        }
        answers.forEach(CompletableFuture::join);
        assertThat(answers.get(answers.size() - 1).join()).isEqualTo(total);
        assertThat(Files.size(file)).isEqualTo(total);
    }
}
