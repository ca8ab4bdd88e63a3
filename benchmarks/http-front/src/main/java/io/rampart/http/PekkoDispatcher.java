package io.rampart.http;

import io.rampart.bench.peers.PekkoSystems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.OneForOneStrategy;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Status;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.routing.RoundRobinPool;

/**
 * Dispatch through Pekko classic actors: {@code Patterns.ask} to a {@link RoundRobinPool} of
 * {@code workers} worker actors on a default dispatcher pinned to {@code workers} threads
 * ({@link PekkoSystems}).
 *
 * <p>A worker that fails replies {@link Status.Failure} (otherwise the asker would learn nothing
 * and wait for its timeout) and rethrows, so that the pool's one-for-one strategy restarts it, at
 * once and without backoff: Pekko's backoff lives in {@code BackoffSupervisor}, which wraps one
 * child rather than a pool's routees. Mailboxes are Pekko's default, unbounded: an overload shows
 * as asks timing out rather than as rejections.
 */
final class PekkoDispatcher implements Dispatcher {
    private final ActorSystem system;
    private final ActorRef pool;
    private final Duration timeout;
    private final int workers;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();

    PekkoDispatcher(int workers, Duration timeout, Faults faults) {
        this.workers = workers;
        this.timeout = timeout;
        this.system = PekkoSystems.create("http", workers);
        // -1 retries within Duration.Inf: no limit (a finite window would mean "1 retry in it" to Pekko).
        // loggingEnabled=false: injected crashes are expected; logging each would dominate the run.
        SupervisorStrategy restartAlways = new OneForOneStrategy(-1, scala.concurrent.duration.Duration.Inf(),
                e -> SupervisorStrategy.restart(), false);
        this.pool = system.actorOf(new RoundRobinPool(workers).withSupervisorStrategy(restartAlways)
                .props(Props.create(Worker.class, () -> new Worker(faults, restarts, failures, handled))), "work");
    }

    @Override
    public CompletableFuture<String> dispatch(String uri) {
        return Patterns.ask(pool, uri, timeout).toCompletableFuture()
                .handle((answer, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture((String) answer);
                    }
                    Throwable cause = Outcome.unwrap(e);
                    return CompletableFuture.<String>failedFuture(cause instanceof AskTimeoutException
                            ? new TimeoutException(cause.getMessage()) : cause);
                })
                .thenCompose(f -> f);
    }

    @Override
    public String name() {
        return "pekko";
    }

    @Override
    public String describe() {
        return "Pekko RoundRobinPool of " + workers + " actors on a default dispatcher of " + workers
                + " threads, unbounded mailboxes, one-for-one restart (no backoff); + Pekko's scheduler and "
                + "internal threads";
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("restarts", restarts.get());
        c.put("failures", failures.get());
        c.put("handled", handled.get());
        return c;
    }

    @Override
    public void close() {
        try {
            PekkoSystems.terminate(system);
        } catch (Exception e) {
            throw new IllegalStateException("pekko did not terminate", e);
        }
    }

    /** One worker: the same work as every variant, its failures answered and then rethrown. */
    static final class Worker extends AbstractActor {
        private final Faults faults;
        private final AtomicLong restarts;
        private final AtomicLong failures;
        private final AtomicLong handled;

        Worker(Faults faults, AtomicLong restarts, AtomicLong failures, AtomicLong handled) {
            this.faults = faults;
            this.restarts = restarts;
            this.failures = failures;
            this.handled = handled;
        }

        @Override
        public void postRestart(Throwable reason) throws Exception {
            restarts.incrementAndGet();
            super.postRestart(reason);
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(String.class, uri -> {
                String answer;
                try {
                    faults.beforeWork();
                    answer = Work.answer(uri);
                } catch (IllegalArgumentException badRequest) {
                    getSender().tell(new Status.Failure(badRequest), getSelf()); // the request's fault: no restart
                    return;
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    getSender().tell(new Status.Failure(e), getSelf());
                    throw e;
                }
                handled.incrementAndGet();
                getSender().tell(answer, getSelf());
            }).build();
        }
    }
}
