package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Distributor#askOneSync}: what the caller gets (the answer, or the same failures
 * {@code askOne(...).join()} gives), and that a late answer never lands in a later ask of the same
 * thread, although both go through one reused reply cell.
 */
class AskSyncTest {
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final ManualScheduler time = new ManualScheduler();
    private final ExecutorService caller = Executors.newSingleThreadExecutor(r -> new Thread(r, "sync-caller"));
    private Engine engine;

    @AfterEach
    void close() throws InterruptedException {
        caller.shutdownNow();
        caller.awaitTermination(10, TimeUnit.SECONDS);
        if (engine != null) {
            engine.close();
        }
    }

    private Distributor<String, String> start(Handler<String> handler, WaitStrategy wait, Scheduler scheduler) {
        Engine.Builder b = Engine.builder().name("sync").deadLetters(dead::add);
        if (scheduler != null) {
            b.scheduler(scheduler);
        }
        engine = b.group(GroupSpec.builder("g", String.class).answers(String.class).waitStrategy(wait).handler(() -> handler).build()).build();
        engine.start();
        return engine.distributor("g", String.class, String.class);
    }

    @Test
    void answersFailuresAndNoReplyComeBackAsJoinWouldGiveThem() {
        Distributor<String, String> d = start((m, ctx) -> {
            switch (m) {
                case "boom" -> throw new IllegalArgumentException("boom");
                case "fail" -> ctx.fail(new IllegalStateException("refused"));
                case "silent" -> { }
                default -> ctx.reply(m + "!");
            }
        }, WaitStrategy.backoffThenPark(), null);

        for (int i = 0; i < 1000; i++) {
            String answer = d.askOneSync("q" + i, Duration.ofSeconds(10));
            assertThat(answer).isEqualTo("q" + i + "!");
        }
        assertThatThrownBy(() -> d.askOneSync("boom", Duration.ofSeconds(10)))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.askOneSync("fail", Duration.ofSeconds(10)))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> d.askOneSync("silent", Duration.ofSeconds(10)))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(NoReplyException.class);
        assertThat(d.askOneSync("after", Duration.ofSeconds(10), WaitStrategy.yielding())).isEqualTo("after!");
        assertThat(dead).isEmpty();
    }

    @Test
    void aLateReplyNeverLandsInTheReusedCellOfALaterAsk() throws Exception {
        BlockingQueue<Reply> deferred = new LinkedBlockingQueue<>();
        Distributor<String, String> d = start((m, ctx) -> deferred.add(ctx.defer()), WaitStrategy.backoffThenPark(), time);

        Future<Object> first = caller.submit(() -> d.askOneSync("first", Duration.ofSeconds(1)));
        Reply firstReply = deferred.poll(10, TimeUnit.SECONDS);
        assertThat(firstReply).isNotNull();
        time.advance(Duration.ofSeconds(2)); // the caller's deadline passes on the engine's clock
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AskTimeoutException.class);

        // Same thread, so the same cell: the second ask is the cell's next generation.
        Future<Object> second = caller.submit(() -> d.askOneSync("second", Duration.ofSeconds(1)));
        Reply secondReply = deferred.poll(10, TimeUnit.SECONDS);
        assertThat(secondReply).isNotNull();

        firstReply.reply("late answer to first");
        await().until(() -> dead.size() == 1);
        assertThat(dead.get(0).reason()).isEqualTo(DeadLetter.Reason.LATE_REPLY);
        assertThat(dead.get(0).message()).isEqualTo("late answer to first");
        assertThat(second).isNotDone();

        secondReply.reply("answer to second");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("answer to second");
        assertThat(dead).hasSize(1);
    }

    @Test
    void aCallerThatNeverParksStillTimesOut() {
        Distributor<String, String> d = start((m, ctx) -> ctx.defer(), WaitStrategy.yielding(), null);
        assertThatThrownBy(() -> d.askOneSync("never", Duration.ofMillis(100)))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AskTimeoutException.class);
        assertThatThrownBy(() -> d.askOneSync("never", Duration.ofMillis(100), WaitStrategy.busySpin()))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AskTimeoutException.class);
    }

    @Test
    void aCallerThatParkedIsWokenByTheReply() throws Exception {
        BlockingQueue<Reply> deferred = new LinkedBlockingQueue<>();
        Distributor<String, String> d = start((m, ctx) -> deferred.add(ctx.defer()), WaitStrategy.backoffThenPark(), null);
        Future<Object> asked = caller.submit(() -> d.askOneSync("q", Duration.ofSeconds(30)));
        Reply reply = deferred.poll(10, TimeUnit.SECONDS);
        assertThat(reply).isNotNull();
        await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().equals("sync-caller") && th.getState() == Thread.State.TIMED_WAITING));
        reply.reply("a");
        // Parked in 10 ms slices on a 30 s timeout: only the reply's unpark ends the wait this soon,
        // but a slice could end it too, so the proof of the wake-up is the jcstress test; this one
        // checks the answer reaches a parked caller.
        assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }
}
