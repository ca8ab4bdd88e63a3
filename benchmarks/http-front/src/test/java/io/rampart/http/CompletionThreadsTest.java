package io.rampart.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No variant completes a request on the JDK's default async executor. On a machine with 2 CPUs that executor is
 * a new thread per task ({@code CompletableFuture} uses the common pool only when its parallelism is above 1, and
 * the common pool's parallelism is the CPU count minus one); this module's surefire configuration sets the common
 * pool's parallelism to 1 so that every machine runs these tests in that condition.
 *
 * <p>Pekko's {@code Patterns.ask(...).toCompletableFuture()} returns Scala's converter future, whose
 * {@code handle}, {@code thenApply} and the other non-async methods run as their {@code ...Async} forms on that
 * executor: the HTTP front's Pekko variant did exactly that once per request, and the thread start per request,
 * not Pekko, bounded its rate. Each test sends requests through one dispatcher and checks (a) which threads
 * complete the futures the front sees and (b) how many threads the JVM started meanwhile.
 */
class CompletionThreadsTest {
    private static final int REQUESTS = 400;
    private static final int IN_FLIGHT = 16;
    private static final String URI = "/work?n=100";

    private Dispatcher dispatcher;

    @BeforeAll
    static void theDefaultAsyncExecutorIsThreadPerTask() {
        assertThat(ForkJoinPool.getCommonPoolParallelism())
                .as("set -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 (surefire argLine) to test as on 2 CPUs")
                .isEqualTo(1);
    }

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void pekkoCompletesOnItsOwnThreadsAndStartsNoThreadPerRequest() throws Exception {
        dispatcher = new PekkoDispatcher(2, Duration.ofSeconds(5), new Faults());
        checkCompletionThreads("http-pekko.");
    }

    @Test
    void tunedPekkoCompletesOnItsOwnThreadsAndStartsNoThreadPerRequest() throws Exception {
        dispatcher = new PekkoDispatcher(2, Duration.ofSeconds(5), new Faults(),
                io.rampart.bench.peers.PekkoSystems.Tuning.LATENCY);
        checkCompletionThreads("http-pekko.");
    }

    @Test
    void rampartCompletesOnItsOwnThreadsAndStartsNoThreadPerRequest() throws Exception {
        dispatcher = new RampartDispatcher(2, Duration.ofSeconds(5), new Faults(),
                io.rampart.Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(10), 0.2));
        checkCompletionThreads("http-"); // engine "http": slot threads "http-work-<n>", timer "http-ask-timer"
    }

    @Test
    void theExecutorCompletesOnItsOwnThreadsAndStartsNoThreadPerRequest() throws Exception {
        dispatcher = new ExecutorDispatcher(2, Duration.ofSeconds(5), new Faults());
        checkCompletionThreads("http-executor-");
    }

    /**
     * Sends {@link #REQUESTS} requests, {@link #IN_FLIGHT} at a time, after a warm-up of as many; every answer must
     * be a 200 body, completed on a thread whose name starts with {@code workerPrefix} (or on the caller, when the
     * answer was in before it looked), and the JVM must have started fewer threads than a tenth of the requests.
     */
    private void checkCompletionThreads(String workerPrefix) throws Exception {
        send(REQUESTS, new ConcurrentHashMap<>()); // warm-up: lazily started pool threads start here
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        Map<String, AtomicInteger> completedOn = new ConcurrentHashMap<>();
        send(REQUESTS, completedOn);
        long started = threads.getTotalStartedThreadCount() - startedBefore;

        String caller = Thread.currentThread().getName();
        assertThat(completedOn.keySet()).as("threads that completed the answers")
                .allMatch(name -> name.startsWith(workerPrefix) || name.equals(caller));
        assertThat(started).as("threads started during " + REQUESTS + " requests (completed on " + completedOn + ")")
                .isLessThan(REQUESTS / 10);
    }

    private void send(int requests, Map<String, AtomicInteger> completedOn) throws Exception {
        for (int sent = 0; sent < requests; sent += IN_FLIGHT) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                CompletableFuture<String> answer = dispatcher.dispatch(URI);
                // whenComplete (not ...Async) runs on the thread that completes the future, or here if it is done
                answer.whenComplete((body, failure) -> completedOn
                        .computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger()).incrementAndGet());
                answers.add(answer);
            }
            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("{\"n\":100");
            }
        }
    }
}
