package io.rampart.http;

import io.rampart.AskTimeoutException;
import io.rampart.Backoff;
import io.rampart.Backpressure;
import io.rampart.DeadLetter;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.RingFullException;
import io.rampart.SlotInfo;
import io.rampart.Distributor;
import io.rampart.metrics.RampartMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dispatch through a Rampart group: {@code askOne(uri, timeout)} to one of {@code workers} slots.
 *
 * <ul>
 * <li>Backpressure is {@code failFast}: the caller is an event loop, which must never wait for room
 *     in a ring (the default {@code block} policy would park it). A full ring is a 503.</li>
 * <li>The handler factory calls {@link Faults#connect()}, as a worker that opens its connection
 *     when it starts: during an outage a restarted slot fails in its factory and the supervisor
 *     retries it with exponential backoff until the connection is back.</li>
 * <li>Dead letters (expired asks, late replies) are counted by reason rather than logged.</li>
 * </ul>
 */
final class RampartDispatcher implements Dispatcher {
    /** Ring size per slot: the same capacity per worker as the executor's queue. */
    static final int RING_SIZE = 1024;

    private final Engine engine;
    private final Distributor<String, String> group;
    private final Duration timeout;
    private final int workers;
    private final Backoff backoff;
    private final Map<DeadLetter.Reason, AtomicLong> deadLetters = new EnumMap<>(DeadLetter.Reason.class);

    /** The engine's metrics (RampartMetrics), for {@code GET /metrics}. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    RampartDispatcher(int workers, Duration timeout, Faults faults, Backoff backoff) {
        this(workers, timeout, faults, backoff, false);
    }

    /** As the other constructor; {@code recordLatency}: the group records queue-wait and service-time histograms. */
    RampartDispatcher(int workers, Duration timeout, Faults faults, Backoff backoff, boolean recordLatency) {
        this.workers = workers;
        this.timeout = timeout;
        this.backoff = backoff;
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            deadLetters.put(r, new AtomicLong());
        }
        this.engine = Engine.builder()
                .name("http")
                .askTimeout(timeout)
                .deadLetters(dl -> deadLetters.get(dl.reason()).incrementAndGet())
                .closeTimeout(Duration.ofSeconds(5))
                .group(GroupSpec.builder("work", String.class)
                        .answers(String.class)
                        .redundancy(workers)
                        .ringSize(RING_SIZE)
                        .backpressure(Backpressure.failFast())
                        .backoff(backoff)
                        // Stateless workers: what waits in a restarting slot may as well run on another one.
                        .redistributeWhileRestarting(true)
                        .recordLatency(recordLatency)
                        .handler(() -> {
                            faults.connect();
                            return (Handler<String>) (uri, ctx) -> {
                                faults.beforeWork();
                                String answer;
                                try {
                                    answer = Work.answer(uri);
                                } catch (IllegalArgumentException badRequest) {
                                    ctx.fail(badRequest); // the request's fault, not the worker's: no restart
                                    return;
                                }
                                ctx.reply(answer);
                            };
                        })
                        .build())
                .build();
        engine.start();
        this.group = engine.distributor("work", String.class, String.class);
        new RampartMetrics(engine).bindTo(registry);
    }

    @Override
    public CompletableFuture<String> dispatch(String uri) {
        CompletableFuture<String> answer = group.askOne(uri, timeout);
        // Same exception types for every variant, so that the front maps them the same way.
        return answer.exceptionallyCompose(e -> CompletableFuture.failedFuture(normalize(e)));
    }

    private static Throwable normalize(Throwable e) {
        Throwable cause = Outcome.unwrap(e);
        if (cause instanceof AskTimeoutException) {
            return new TimeoutException(cause.getMessage());
        }
        if (cause instanceof RingFullException) {
            return new RejectedExecutionException(cause.getMessage());
        }
        return cause;
    }

    @Override
    public String name() {
        return "rampart";
    }

    @Override
    public String describe() {
        return "Rampart group of " + workers + " slots (" + workers + " consumer threads, wait backoffThenPark), ring "
                + RING_SIZE + " per slot, failFast, round robin; + ask-timer and scheduler threads; backoff "
                + backoff;
    }

    @Override
    public Map<String, Long> counters() {
        long restarts = 0;
        long failures = 0;
        long handled = 0;
        for (SlotInfo s : engine.slots()) {
            restarts += s.restarts();
            failures += s.failures();
            handled += s.handled();
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("restarts", restarts);
        c.put("failures", failures);
        c.put("handled", handled);
        deadLetters.forEach((r, n) -> c.put("deadLetters." + r, n.get()));
        return c;
    }

    @Override
    public String prometheusScrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        engine.close();
    }
}
