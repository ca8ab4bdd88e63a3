package io.rampart.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The calibration variant ({@code --variant inline}), a trivial server: no workers, and no work per request.
 * The Netty event loop that read the request answers at once with the same body the others compute: the
 * answer for a URI is computed the first time and kept (the load sends one URI), so what remains per request
 * is the HTTP layer. It dispatches nothing, so it is not a peer of the others: driven the same way, it shows
 * how far the load generator and the HTTP layer go on their own, so that a knee reported for a variant is
 * known to be the variant's and not the load generator's. Injected faults do not apply to it.
 */
final class InlineDispatcher implements Dispatcher {
    /** The last URI answered and its answer, one pair published together; only the event loop writes it. */
    private volatile Answer last;

    private record Answer(String uri, String body) {
    }

    @Override
    public CompletableFuture<String> dispatch(String uri) {
        Answer a = last;
        if (a != null && a.uri.equals(uri)) {
            return CompletableFuture.completedFuture(a.body);
        }
        try {
            String body = Work.answer(uri);
            last = new Answer(uri, body);
            return CompletableFuture.completedFuture(body);
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
        return "none: the event loop answers at once, the body computed once per URI (calibration)";
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
