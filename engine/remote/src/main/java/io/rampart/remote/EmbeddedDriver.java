package io.rampart.remote;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The embedded media driver a {@link Node} (and {@link EmbeddedTransport}) launches, configured in one place for a
 * 2-core machine shared with the engine's slots: {@link ThreadingMode#SHARED} (one thread for its conductor, sender
 * and receiver, not three), idling with {@link Node#newIdleStrategy()} (spins, yields, then parks from 1 µs
 * doubling to 1 ms: a driver thread that busy-spun would take a core from the slots for good), in a directory of
 * its own that it deletes when it shuts down.
 */
final class EmbeddedDriver {
    /** How long a closed publication lingers in the driver (default 5 s): its session ends that much sooner. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private EmbeddedDriver() {
    }

    /** A new directory under {@code parent} (made if missing) for one driver, named {@code prefix} and a suffix. */
    static Path newDirectory(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make an Aeron directory under " + parent, e);
        }
    }

    /** Launches a driver in {@code directory} whose IPC and network publications have terms of {@code termLength}. */
    static MediaDriver launch(Path directory, int termLength) {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(directory.toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(Node.newIdleStrategy())
                .ipcTermBufferLength(termLength)
                .publicationTermBufferLength(termLength)
                .publicationLingerTimeoutNs(LINGER_NANOS)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
    }
}
