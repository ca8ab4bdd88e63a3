package io.rampart.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hands one request to a worker and returns its answer, without blocking the caller (a Netty event
 * loop). The implementations (Rampart, a ThreadPoolExecutor, Pekko on its defaults and tuned, and the
 * inline calibration variant) differ only in how the request reaches a worker; the work itself is
 * {@link Work#answer(String)} behind {@link Faults#beforeWork()}.
 *
 * <p>Every returned future completes, at the latest when the dispatcher's timeout passes: with the
 * JSON body, or exceptionally. Implementations turn their own timeout and rejection exceptions into
 * {@link java.util.concurrent.TimeoutException} and {@link java.util.concurrent.RejectedExecutionException}
 * so that the front maps all of them the same way ({@link Outcome}).
 */
public interface Dispatcher extends AutoCloseable {
    /**
     * @param uri the request URI, parsed by the worker
     * @return the answer's future; never null, never left pending past the timeout
     */
    CompletableFuture<String> dispatch(String uri);

    /** @return the variant's name: {@code rampart}, {@code executor} or {@code pekko} */
    String name();

    /** @return the threads the dispatcher runs and what bounds its queues, for the report */
    String describe();

    /**
     * @return counters for {@code /stats}: at least {@code restarts} (workers restarted after a
     *         failure; -1 where the variant has no such thing) and {@code failures}
     */
    Map<String, Long> counters();

    /**
     * @return the workers' metrics in the Prometheus text exposition format, or null where the variant exports
     *         none (only Rampart does: {@code RampartMetrics} on a Micrometer Prometheus registry)
     */
    default String prometheusScrape() {
        return null;
    }

    /** Stops the workers; pending requests complete exceptionally. */
    @Override
    void close();
}
