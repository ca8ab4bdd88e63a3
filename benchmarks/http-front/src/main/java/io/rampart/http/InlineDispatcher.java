package io.rampart.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The calibration variant ({@code --variant inline}): no workers; the Netty event loop that read the request
 * does the work itself and the answer is ready at once. It dispatches nothing, so it is not a peer of the
 * others: driven the same way, it shows how far the load generator and the HTTP layer go on their own, so
 * that a knee reported for a variant is known to be the variant's and not the load generator's.
 * Injected faults do not apply to it.
 */
final class InlineDispatcher implements Dispatcher {
    @Override
    public CompletableFuture<String> dispatch(String uri) {
        try {
            return CompletableFuture.completedFuture(Work.answer(uri));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String name() {
        return "inline";
    }

    @Override
    public String describe() {
        return "none: the event loop does the work inline (calibration)";
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("restarts", -1L, "failures", 0L);
    }

    @Override
    public void close() {
        // Nothing runs besides the event loop.
    }
}
