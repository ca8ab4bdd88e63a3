package io.rampart.http;

import io.rampart.bench.peers.PekkoSystems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
    /** Runs a callback on the thread that completed the future: for callbacks that only complete another one. */
    private static final Executor IN_PLACE = Runnable::run;

    private final ActorSystem system;
    private final ActorRef pool;
    private final Duration timeout;
    private final int workers;
    private final PekkoSystems.Tuning tuning;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();

    PekkoDispatcher(int workers, Duration timeout, Faults faults) {
        this(workers, timeout, faults, PekkoSystems.Tuning.DEFAULT);
    }

    /**
     * A pool on Pekko's defaults ({@code pekko}) or tuned as Pekko's documentation advises for request/response
     * ({@code pekko-tuned}: {@link PekkoSystems.Tuning#LATENCY}, the affinity pool, throughput 100, the single-consumer
     * mailbox; {@link PekkoSystems} cites the docs).
     */
    PekkoDispatcher(int workers, Duration timeout, Faults faults, PekkoSystems.Tuning tuning) {
        this.workers = workers;
        this.timeout = timeout;
        this.tuning = tuning;
        this.system = PekkoSystems.create("http", workers, tuning);
        // -1 retries within Duration.Inf: no limit (a finite window would mean "1 retry in it" to Pekko).
        // loggingEnabled=false: injected crashes are expected; logging each would dominate the run.
        SupervisorStrategy restartAlways = new OneForOneStrategy(-1, scala.concurrent.duration.Duration.Inf(),
                e -> SupervisorStrategy.restart(), false);
        this.pool = system.actorOf(new RoundRobinPool(workers).withSupervisorStrategy(restartAlways)
                .props(Props.create(Worker.class, () -> new Worker(faults, restarts, failures, handled))), "work");
    }

    /**
     * Asks the pool and returns a plain {@link CompletableFuture} completed, on the thread that completes Pekko's
     * promise (a worker's dispatcher thread, or Pekko's scheduler on a timeout), with the answer or the normalised
     * failure.
     *
     * <p>Not {@code Patterns.ask(...).toCompletableFuture().handle(...)}: that future is Scala's converter
     * ({@code FutureConvertersImpl.CF}), whose {@code handle}, {@code thenApply}, {@code thenCompose} and the other
     * non-async methods run as their {@code ...Async} forms on the JDK's default async executor, which on 2 CPUs
     * (common pool parallelism 1) is a new thread per task: one thread start per request, and that, not Pekko, was
     * this variant's ceiling. Here the only callback is {@code whenCompleteAsync} with an explicit executor that runs
     * it in place ({@link #IN_PLACE}: safe, since it only completes a future), and the caller gets a plain
     * {@code CompletableFuture}, so its own callbacks (the front's hop to the event loop) behave as on any other
     * variant. {@code CompletionThreadsTest} checks it.
     */
    @Override
    public CompletableFuture<String> dispatch(String uri) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Patterns.ask(pool, uri, timeout).whenCompleteAsync((answer, e) -> {
            if (e == null) {
                result.complete((String) answer);
                return;
            }
            Throwable cause = Outcome.unwrap(e);
            result.completeExceptionally(cause instanceof AskTimeoutException
                    ? new TimeoutException(cause.getMessage()) : cause);
        }, IN_PLACE);
        return result;
    }

    @Override
    public String name() {
        return tuning == PekkoSystems.Tuning.DEFAULT ? "pekko" : "pekko-tuned";
    }

    @Override
    public String describe() {
        return "Pekko RoundRobinPool of " + workers + " actors on a default dispatcher of " + workers
                + " threads (" + tuning.description() + "), unbounded mailboxes, one-for-one restart (no backoff); "
                + "+ Pekko's scheduler and internal threads";
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
