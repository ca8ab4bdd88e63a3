package io.rampart;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The typed API (issue 12): a group declares what it takes and what it answers; a send of the wrong
 * type is refused at the call site, whatever handle it goes through (nothing queued, no handler sees
 * it, no restart, no dead letter); a typed lookup checks the types once; an answer of the wrong type
 * never completes a typed ask. {@code TypedApiCompileTest} shows what javac refuses.
 */
class TypedApiTest {
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
    }

    private Engine start(GroupSpec<?, ?>... specs) {
        Engine.Builder b = Engine.builder().name("typed-" + engines.size()).deadLetters(dead::add);
        for (GroupSpec<?, ?> spec : specs) {
            b.group(spec);
        }
        Engine engine = b.build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    /** Takes Strings, answers their length; records every message its handlers see. */
    private GroupSpec<String, Integer> orders(int slots) {
        return GroupSpec.builder("orders", String.class).answers(Integer.class).redundancy(slots)
                .handler(() -> (m, ctx) -> {
                    seen.add(m);
                    if (ctx.isAsk()) {
                        ctx.reply(m.length() * 100 + ctx.slot());
                    }
                }).build();
    }

    @Test
    void aSpecKeepsItsDeclaredTypes() {
        GroupSpec<String, Integer> spec = orders(1);
        assertThat(spec.messageType()).isEqualTo(String.class);
        assertThat(spec.answerType()).isEqualTo(Integer.class);
        GroupSpec<Object, Object> any = GroupSpec.builder("any", Object.class).handler(() -> (m, ctx) -> { }).build();
        assertThat(any.messageType()).isEqualTo(Object.class);
        assertThat(any.answerType()).as("no answers(..): Object").isEqualTo(Object.class);
        assertThatThrownBy(() -> GroupSpec.builder("n", int.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'n'").hasMessageContaining("primitive");
        assertThatThrownBy(() -> GroupSpec.builder("n", String.class).answers(long.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primitive");
        assertThatThrownBy(() -> GroupSpec.builder("n", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aWrongTypeThroughTheUntypedHandleIsRefusedAtTheCallSiteAndReachesNothing() {
        Engine engine = start(orders(2));
        Distributor<Object, Object> d = engine.distributor("orders");
        Integer wrong = 42;
        List<ThrowingCallable> sends = List.of(
                () -> d.tellOne(wrong),
                () -> d.tryTellOne(wrong),
                () -> d.tellEveryone(wrong),
                () -> d.tellTo(1, wrong),
                () -> d.askOne(wrong),
                () -> d.askOne(wrong, AWAIT),
                () -> d.askOneSync(wrong, AWAIT),
                () -> d.askOneSync(wrong, AWAIT, WaitStrategy.yielding()),
                () -> d.askEveryone(wrong),
                () -> d.askEveryone(wrong, AWAIT),
                () -> d.askTo(0, wrong),
                () -> d.askTo(0, wrong, AWAIT));
        for (ThrowingCallable send : sends) {
            assertThatThrownBy(send).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("group 'orders' takes java.lang.String; got java.lang.Integer");
        }
        // A batch with one wrong message is refused whole: its good first message is not sent either.
        assertThatThrownBy(() -> d.tellBatch(List.of("batch-first", wrong, "batch-last")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'orders' takes java.lang.String; got java.lang.Integer")
                .hasMessageContaining("message 1 of the batch");

        // The group still works, and an ask to each slot is handled after anything queued before it.
        assertThat(d.askTo(0, "ok").join()).isEqualTo(200);
        assertThat(d.askTo(1, "ok").join()).isEqualTo(201);
        assertThat(seen).as("the handlers saw only the two good asks").containsExactly("ok", "ok");
        // An ask is answered inside its handler; the slot counts the message handled once the handler returns.
        await().atMost(AWAIT).untilAsserted(() -> assertThat(engine.slots()).allSatisfy(s -> {
            assertThat(s.restarts()).as("restarts of slot %d", s.slot()).isZero();
            assertThat(s.failures()).as("failures of slot %d", s.slot()).isZero();
            assertThat(s.handled()).as("handled by slot %d", s.slot()).isEqualTo(1);
        }));
        assertThat(engine.deadLetterCount()).isZero();
        assertThat(dead).isEmpty();
        await().atMost(AWAIT).until(() -> engine.pendingAsks() == 0); // the two good asks, once the timer has let them go
    }

    @Test
    void aMessageOfASubtypeIsAcceptedAndAnObjectGroupTakesAnything() {
        GroupSpec<CharSequence, Object> text = GroupSpec.builder("text", CharSequence.class)
                .handler(() -> (m, ctx) -> ctx.reply(m.length())).build();
        GroupSpec<Object, Object> any = GroupSpec.builder("any", Object.class)
                .handler(() -> (m, ctx) -> ctx.reply(m)).build();
        Engine engine = start(text, any);
        assertThat(engine.distributor(text).askOne(new StringBuilder("abc")).join()).isEqualTo(3);
        assertThat(engine.distributor("text", String.class, Object.class).askOne("abcd").join()).isEqualTo(4);
        Distributor<Object, Object> anything = engine.distributor(any);
        assertThat(anything.askOne(42).join()).isEqualTo(42);
        assertThat(anything.askOne("s").join()).isEqualTo("s");
    }

    @Test
    void aTypedLookupChecksBothTypesOnceAndNamesTheGroupAndTheTypes() {
        GroupSpec<Object, Object> untyped = GroupSpec.builder("untyped", Object.class)
                .handler(() -> (m, ctx) -> { }).build();
        Engine engine = start(orders(1), untyped);

        Distributor<String, Integer> exact = engine.distributor("orders", String.class, Integer.class);
        Distributor<String, Number> wider = engine.distributor("orders", String.class, Number.class);
        assertThat(wider).as("one handle per group, however it is asked for").isSameAs(exact)
                .isSameAs(engine.distributor("orders"));
        CompletableFuture<Number> n = wider.askOne("abc");
        assertThat(n.join()).isEqualTo(300);

        assertThatThrownBy(() -> engine.distributor("orders", Integer.class, Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'orders'").hasMessageContaining("takes java.lang.String")
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> engine.distributor("orders", Object.class, Integer.class))
                .as("a group of Strings does not take every Object")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not every java.lang.Object");
        assertThatThrownBy(() -> engine.distributor("orders", String.class, String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'orders'").hasMessageContaining("answers java.lang.Integer")
                .hasMessageContaining("not only java.lang.String");
        assertThatThrownBy(() -> engine.distributor("untyped", Object.class, Integer.class))
                .as("a group that declares no answer type answers Objects")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answers java.lang.Object");
        assertThatThrownBy(() -> engine.distributor("nope", String.class, Object.class))
                .isInstanceOf(NoSuchGroupException.class);
    }

    @Test
    void distributorForASpecThisEngineDoesNotRunIsRefused() {
        GroupSpec<String, Integer> mine = orders(1);
        GroupSpec<String, Integer> lookalike = orders(1); // same name and types, another object
        GroupSpec<Long, Long> elsewhere = GroupSpec.builder("elsewhere", Long.class).answers(Long.class)
                .handler(() -> (m, ctx) -> ctx.reply(m)).build();
        Engine one = start(mine);
        Engine two = start(lookalike, elsewhere);

        assertThat(one.distributor(mine)).isSameAs(one.distributor("orders"));
        assertThatThrownBy(() -> one.distributor(lookalike)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'orders'").hasMessageContaining("another GroupSpec");
        assertThatThrownBy(() -> two.distributor(mine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'orders'");
        assertThatThrownBy(() -> one.distributor(elsewhere)).isInstanceOf(NoSuchGroupException.class)
                .hasMessageContaining("elsewhere");

        // One spec in two engines: each answers with its own group.
        GroupSpec<String, Integer> shared = orders(1);
        Engine three = start(shared);
        Engine four = start(shared);
        assertThat(three.distributor(shared)).isNotSameAs(four.distributor(shared));
        assertThat(four.distributor(shared).askOne("ab").join()).isEqualTo(200);
    }

    @Test
    void typedAsksAnswerTheirType() {
        GroupSpec<String, Integer> spec = orders(3);
        Engine engine = start(spec);
        Distributor<String, Integer> d = engine.distributor(spec);

        Integer sync = d.askOneSync("abcd", AWAIT);
        assertThat(sync / 100).isEqualTo(4);
        Integer syncYielding = d.askOneSync("abcde", AWAIT, WaitStrategy.yielding());
        assertThat(syncYielding / 100).isEqualTo(5);
        List<CompletableFuture<Integer>> all = d.askEveryone("xy");
        assertThat(all.stream().map(CompletableFuture::join)).containsExactly(200, 201, 202);
        List<CompletableFuture<Integer>> allTimed = d.askEveryone("x", AWAIT);
        assertThat(allTimed.stream().map(CompletableFuture::join)).containsExactly(100, 101, 102);
        CompletableFuture<Integer> to = d.askTo(2, "abc");
        assertThat(to.join()).isEqualTo(302);
        CompletableFuture<Integer> toTimed = d.askTo(1, "abc", AWAIT);
        assertThat(toTimed.join()).isEqualTo(301);
        CompletableFuture<Integer> one = d.askOne("a", AWAIT);
        assertThat(one.join() / 100).isEqualTo(1);
        assertThat(d.tellBatch(List.of("b1", "b2")).refused()).isEmpty();
    }

    /** Answers Integers: "null" answers null, "bad" a String, "caught" catches its wrong reply, "defer" defers. */
    private GroupSpec<String, Integer> numbers(BlockingQueue<Reply> deferred) {
        return GroupSpec.builder("numbers", String.class).answers(Integer.class).backoff(Backoff.none())
                .handler(() -> (m, ctx) -> {
                    switch (m) {
                        case "null" -> ctx.reply(null);
                        case "bad" -> ctx.reply("not a number");
                        case "caught" -> {
                            try {
                                ctx.reply("not a number");
                            } catch (IllegalArgumentException refused) {
                                ctx.reply(-1); // the wrong reply did not answer: this one does
                            }
                        }
                        case "defer" -> deferred.add(ctx.defer());
                        default -> ctx.reply(m.length());
                    }
                }).build();
    }

    @Test
    void aWrongTypedAnswerInTheHandlerIsAHandlerFailureAndNeverCompletesTheAsk() {
        GroupSpec<String, Integer> spec = numbers(new LinkedBlockingQueue<>());
        Engine engine = start(spec);
        Distributor<String, Integer> d = engine.distributor(spec);

        CompletableFuture<Integer> bad = d.askOne("bad");
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'numbers' answers java.lang.Integer; got java.lang.String");
        await().atMost(AWAIT).until(() -> engine.slots().get(0).restarts() == 1);
        assertThat(engine.slots().get(0).failures()).isEqualTo(1);

        assertThatThrownBy(() -> d.askOneSync("bad", AWAIT)).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answers java.lang.Integer; got java.lang.String");

        assertThat(d.askOne("caught").join()).as("a refused reply leaves the ask unanswered").isEqualTo(-1);
        assertThat(d.askOne("null").join()).as("null is every type's answer").isNull();
        assertThat(d.askOneSync("null", AWAIT)).isNull();
        assertThat(d.askOne("four").join()).isEqualTo(4);
        assertThat(dead).as("each failed ask told its caller; nothing went to dead letters").isEmpty();
    }

    @Test
    void aWrongTypedDeferredAnswerThrowsAndFailsTheAskExactlyOnce() throws Exception {
        BlockingQueue<Reply> deferred = new LinkedBlockingQueue<>();
        GroupSpec<String, Integer> spec = numbers(deferred);
        Engine engine = start(spec);
        Distributor<String, Integer> d = engine.distributor(spec);

        // A future ask (an Ask).
        CompletableFuture<Integer> ask = d.askOne("defer", AWAIT);
        Reply reply = deferred.poll(10, TimeUnit.SECONDS);
        assertThat(reply).isNotNull();
        assertThatThrownBy(() -> reply.reply("not a number")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'numbers' answers java.lang.Integer; got java.lang.String");
        assertThatThrownBy(ask::join).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answers java.lang.Integer; got java.lang.String");
        assertThatThrownBy(() -> reply.reply(7)).as("the wrong answer was its one answer")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already answered");
        assertThat(ask.isCompletedExceptionally()).isTrue();

        // A synchronous ask (the caller's reusable reply cell), answered from another thread.
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Integer> sync = CompletableFuture.supplyAsync(() -> d.askOneSync("defer", AWAIT), caller);
            Reply cellReply = deferred.poll(10, TimeUnit.SECONDS);
            assertThat(cellReply).isNotNull();
            assertThatThrownBy(() -> cellReply.reply(List.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got java.util.");
            assertThatThrownBy(() -> sync.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("answers java.lang.Integer");
            assertThatThrownBy(() -> cellReply.reply(7)).isInstanceOf(IllegalStateException.class);
            // The same thread's next ask gets its own answer, not a leftover.
            assertThat(caller.submit(() -> d.askOneSync("abc", AWAIT)).get(10, TimeUnit.SECONDS)).isEqualTo(3);
        } finally {
            caller.shutdownNow();
        }
        assertThat(engine.slots().get(0).restarts()).as("a deferred reply is not the handler's failure").isZero();
        assertThat(dead).isEmpty();
    }
}
