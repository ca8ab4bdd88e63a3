package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import io.rampart.internal.Supervision;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Supervision on virtual time: restarts in place, strategies, policies, backoff, intensity and
 * escalation, lifecycle order. Failures are planned: a {@link Fail} message throws on its slot only.
 */
class SupervisionTest {
    /** Throws on the slot it names, is ignored by the others. */
    record Fail(int slot) {
    }

    /** Routed to the slot it names (by {@link #TO_BALANCER}) while that slot runs. */
    record To(int slot, Object payload) {
    }

    static final String HOLD = "hold";

    /** Sends a {@link To} to its slot, anything else round robin; a stopped target falls to the first running slot. */
    static final LoadBalancer TO_BALANCER = new LoadBalancer() {
        private final LoadBalancer rr = LoadBalancer.roundRobin();

        @Override
        public int select(Object message, Slots slots) {
            if (message instanceof To t) {
                if (slots.isRunning(t.slot())) {
                    return t.slot();
                }
                for (int i = 0; i < slots.size(); i++) {
                    if (slots.isRunning(i)) {
                        return i;
                    }
                }
                return -1;
            }
            return rr.select(message, slots);
        }
    };

    private final ManualScheduler time = new ManualScheduler();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final List<Engine> engines = new ArrayList<>();

    private final Lifecycle recorder = new Lifecycle() {
        @Override
        public void beforeStart(String group, int slot) {
            events.add(group + ":" + slot + ":beforeStart");
        }

        @Override
        public void afterStart(String group, int slot) {
            events.add(group + ":" + slot + ":afterStart");
        }

        @Override
        public void beforeRestart(String group, int slot, Throwable cause, Object failingMessage) {
            events.add(group + ":" + slot + ":beforeRestart(" + cause.getMessage() + ", " + failingMessage + ")");
        }

        @Override
        public void afterRestart(String group, int slot) {
            events.add(group + ":" + slot + ":afterRestart");
        }

        @Override
        public void afterStop(String group, int slot) {
            events.add(group + ":" + slot + ":afterStop");
        }
    };

    private Handler<Object> handler() {
        return (m, ctx) -> {
            Object p = m instanceof To t ? t.payload() : m;
            if (p instanceof Fail f) {
                if (f.slot() == ctx.slot()) {
                    throw new IllegalStateException("planned failure on slot " + ctx.slot());
                }
                return;
            }
            if (HOLD.equals(p)) {
                holding.countDown();
                release.await();
                return;
            }
            handled.add(ctx.group() + ":" + ctx.slot() + ":" + p);
            if (ctx.isAsk()) {
                ctx.reply(ctx.slot());
            }
        };
    }

    private GroupSpec.Builder<Object, Object> group(String name, int slots) {
        return GroupSpec.builder(name, Object.class).redundancy(slots).handler(this::handler).lifecycle(recorder)
                .loadBalancer(TO_BALANCER).backoff(Backoff.none());
    }

    private Engine start(Engine.Builder b) {
        Engine e = b.scheduler(time).deadLetters(dead::add).closeTimeout(Duration.ofSeconds(5)).build();
        engines.add(e);
        e.start();
        return e;
    }

    @AfterEach
    void close() {
        release.countDown();
        engines.forEach(Engine::close);
        assertThat(engines).allMatch(Engine::isTerminated);
    }

    private static long restarts(Engine e, String group, int slot) {
        return e.slots().stream().filter(s -> s.group().equals(group) && s.slot() == slot)
                .findFirst().orElseThrow().restarts();
    }

    private static SlotState state(Engine e, String group, int slot) {
        return e.slots().stream().filter(s -> s.group().equals(group) && s.slot() == slot)
                .findFirst().orElseThrow().state();
    }

    private static Set<String> restarted(Engine e) {
        return e.slots().stream().filter(s -> s.restarts() > 0).map(s -> s.group() + ":" + s.slot())
                .collect(Collectors.toSet());
    }

    private List<String> eventsOf(String groupSlot) {
        return events.stream().filter(ev -> ev.startsWith(groupSlot + ":")).map(ev -> ev.substring(groupSlot.length() + 1))
                .toList();
    }

    // ---- strategies -------------------------------------------------------------------------------

    /** Groups "before" (2 slots), "failing" (3), "after" (2) under the root; slot 1 of "failing" fails once. */
    private Engine failOnceUnder(SupervisionStrategy strategy, int expectedRestarts) {
        Engine e = start(Engine.builder().rootStrategy(strategy)
                .group(group("before", 2).build())
                .group(group("failing", 3).build())
                .group(group("after", 2).build()));
        e.distributor("failing").tellEveryone(new Fail(1));
        await().atMost(5, TimeUnit.SECONDS).until(() -> restarted(e).size() == expectedRestarts
                && e.slots().stream().allMatch(s -> s.state() == SlotState.RUNNING));
        return e;
    }

    @Test
    void oneForOneRestartsOnlyTheFailedSlotInPlace() {
        Engine e = failOnceUnder(SupervisionStrategy.ONE_FOR_ONE, 1);
        assertThat(restarted(e)).containsExactly("failing:1");
        assertThat(eventsOf("failing:1")).containsExactly("beforeStart", "afterStart",
                "beforeRestart(planned failure on slot 1, Fail[slot=1])", "afterRestart");
        assertThat(eventsOf("failing:0")).containsExactly("beforeStart", "afterStart");
        // Same slot, same ring: it takes messages again through the same distributor.
        assertThat(e.distributor("failing").askOne(new To(1, "again")).join()).isEqualTo(1);
    }

    @Test
    void oneForAllRestartsEverySlotUnderTheSupervisor() {
        Engine e = failOnceUnder(SupervisionStrategy.ONE_FOR_ALL, 7);
        assertThat(restarted(e)).containsExactlyInAnyOrder("before:0", "before:1", "failing:0", "failing:1",
                "failing:2", "after:0", "after:1");
        assertThat(eventsOf("failing:1")).containsExactly("beforeStart", "afterStart",
                "beforeRestart(planned failure on slot 1, Fail[slot=1])", "afterRestart");
        assertThat(eventsOf("before:0")).containsExactly("beforeStart", "afterStart",
                "beforeRestart(planned failure on slot 1, null)", "afterRestart");
    }

    @Test
    void restForOneRestartsTheFailedSlotTheLaterSlotsAndTheLaterGroups() {
        Engine e = failOnceUnder(SupervisionStrategy.REST_FOR_ONE, 4);
        assertThat(restarted(e)).containsExactlyInAnyOrder("failing:1", "failing:2", "after:0", "after:1");
        assertThat(eventsOf("after:1")).containsExactly("beforeStart", "afterStart",
                "beforeRestart(planned failure on slot 1, null)", "afterRestart");
        assertThat(eventsOf("before:0")).containsExactly("beforeStart", "afterStart");
        assertThat(eventsOf("failing:0")).containsExactly("beforeStart", "afterStart");
    }

    @Test
    void lifecycleEndsWithAfterStopAtClose() {
        Engine e = start(Engine.builder().group(group("g", 2).build()));
        e.close();
        assertThat(eventsOf("g:0")).containsExactly("beforeStart", "afterStart", "afterStop");
        assertThat(eventsOf("g:1")).containsExactly("beforeStart", "afterStart", "afterStop");
    }

    // ---- restart policy -----------------------------------------------------------------------------

    @Test
    void triesStopsTheSlotForGoodAfterNRestarts() {
        Engine e = start(Engine.builder().group(group("g", 2).restart(RestartPolicy.tries(2)).build()));
        Distributor<Object, Object> d = e.distributor("g");
        for (int i = 1; i <= 2; i++) {
            d.tellEveryone(new Fail(0));
            int n = i;
            await().atMost(5, TimeUnit.SECONDS).until(() -> restarts(e, "g", 0) == n && state(e, "g", 0) == SlotState.RUNNING);
        }
        d.tellEveryone(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(e, "g", 0) == SlotState.STOPPED);
        assertThat(restarts(e, "g", 0)).isEqualTo(2);
        assertThat(eventsOf("g:0")).endsWith("afterStop");
        for (int i = 0; i < 10; i++) {
            assertThat(d.askOne("after").join()).as("the group carries on with slot 1").isEqualTo(1);
        }
    }

    @Test
    void aSlotThatStopsForGoodHandsItsQueueToTheOthersAndTheLastOneStopsTheGroup() throws Exception {
        Engine e = start(Engine.builder().group(group("g", 2).restart(RestartPolicy.never()).build()));
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne(new To(0, HOLD));
        holding.await();
        d.tellOne(new To(0, new Fail(0)));
        d.tellOne(new To(0, "q1"));
        d.tellOne(new To(0, "q2"));
        CompletableFuture<Object> q3 = d.askOne(new To(0, "q3"));
        release.countDown();

        assertThat(q3.get(5, TimeUnit.SECONDS)).as("answered by the slot that took over").isEqualTo(1);
        assertThat(handled).containsExactly("g:1:q1", "g:1:q2", "g:1:q3");
        assertThat(state(e, "g", 0)).isEqualTo(SlotState.STOPPED);
        assertThat(dead).as("only the failing tell itself").singleElement()
                .satisfies(dl -> assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED));

        d.tellOne(new To(1, new Fail(1)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(e, "g", 1) == SlotState.STOPPED);
        assertThatThrownBy(() -> d.tellOne("late")).isInstanceOf(GroupStoppedException.class)
                .hasMessage("group 'g' is stopped: every slot stopped for good (restart policy never)");
        assertThatThrownBy(() -> d.askOne("late").join()).hasCauseInstanceOf(GroupStoppedException.class);
        assertThatThrownBy(() -> d.tryTellOne("late")).isInstanceOf(GroupStoppedException.class);
        assertThatThrownBy(() -> d.tellEveryone("late")).isInstanceOf(GroupStoppedException.class);
        assertThatThrownBy(() -> d.askEveryone("late")).isInstanceOf(GroupStoppedException.class);
    }

    @Test
    void aMessageKeptForARetrySettlesWithItsOwnFailureWhenTheSlotStopsInstead() {
        Engine e = start(Engine.builder().group(group("g", 2).restart(RestartPolicy.never()).retries(2).build()));
        Distributor<Object, Object> d = e.distributor("g");
        CompletableFuture<Object> ask = d.askOne(new To(0, new Fail(0)));
        assertThatThrownBy(() -> ask.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("planned failure on slot 0");
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(e, "g", 0) == SlotState.STOPPED);

        d.tellOne(new To(1, new Fail(1)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> dead.size() == 1);
        assertThat(dead.get(0).reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
        assertThat(dead.get(0).cause()).hasMessage("planned failure on slot 1");
    }

    // ---- backoff ------------------------------------------------------------------------------------

    @Test
    void exponentialBackoffWaitsExactlyAsComputedAndTheOthersTakeTheShare() {
        Engine e = start(Engine.builder().group(group("g", 2)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(40), 0).resetAfter(Duration.ofSeconds(1)))
                .build()));
        Distributor<Object, Object> d = e.distributor("g");
        long[] expected = {10, 20, 40, 40};
        for (long ms : expected) {
            d.tellEveryone(new Fail(0));
            await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
            assertThat(state(e, "g", 0)).isEqualTo(SlotState.RESTARTING);

            int before = handled.size();
            for (int i = 0; i < 20; i++) {
                d.tellOne("work");
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == before + 20);
            assertThat(handled.subList(before, before + 20)).as("a slot in backoff gets nothing new")
                    .allMatch(h -> h.equals("g:1:work"));

            long restartsBefore = restarts(e, "g", 0);
            time.advance(Duration.ofMillis(ms - 1));
            assertThat(state(e, "g", 0)).isEqualTo(SlotState.RESTARTING);
            time.advance(Duration.ofMillis(1));
            await().atMost(5, TimeUnit.SECONDS).until(() -> restarts(e, "g", 0) == restartsBefore + 1
                    && state(e, "g", 0) == SlotState.RUNNING);
        }
        time.advance(Duration.ofSeconds(1)); // quiet: the count starts again
        d.tellEveryone(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
        assertThat(time.delays()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40),
                Duration.ofMillis(40), Duration.ofMillis(10));
    }

    @Test
    void whenEverySlotIsRestartingSendsQueueForTheNextHandlerInsteadOfFailing() {
        Engine e = start(Engine.builder().group(group("solo", 1).backoff(Backoff.linear(Duration.ofMillis(10))).build()));
        Distributor<Object, Object> d = e.distributor("solo");
        d.tellOne(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
        assertThat(state(e, "solo", 0)).isEqualTo(SlotState.RESTARTING);

        d.tellOne("queued");
        CompletableFuture<Object> one = d.askOne("asked");
        List<CompletableFuture<Object>> all = d.askEveryone("everyone");
        assertThat(d.tellEveryone("broadcast")).isEqualTo(1);
        assertThat(handled).isEmpty();

        time.advance(Duration.ofMillis(10));
        assertThat(one.join()).isEqualTo(0);
        assertThat(all.get(0).join()).isEqualTo(0);
        await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == 4);
        assertThat(handled).containsExactly("solo:0:queued", "solo:0:asked", "solo:0:everyone", "solo:0:broadcast");
    }

    @Test
    void aSlotThatHandlesAMessageBetweenFailuresRestartsAtTheShortestBackoff() {
        Engine e = start(Engine.builder().group(group("g", 1)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 0)).build()));
        Distributor<Object, Object> d = e.distributor("g");
        for (int round = 0; round < 3; round++) {
            d.tellOne(new Fail(0));
            await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
            time.advance(Duration.ofMillis(10));
            assertThat(d.askOne("works").join()).isEqualTo(0); // handled successfully: the row is broken
        }
        d.tellOne(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
        time.advance(Duration.ofMillis(10));
        d.tellOne(new Fail(0)); // no success in between: the next wait doubles
        await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
        assertThat(time.delays()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void failFastRefusesAtOnceWhenEverySlotIsRestarting() {
        Engine e = start(Engine.builder().group(group("ff", 1).backpressure(Backpressure.failFast())
                .backoff(Backoff.linear(Duration.ofMillis(10))).build()));
        Distributor<Object, Object> d = e.distributor("ff");
        d.tellOne(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);

        assertThatThrownBy(() -> d.tellOne("now")).isInstanceOf(SlotUnavailableException.class)
                .hasMessageContaining("0=RESTARTING");
        CompletableFuture<Object> ask = d.askOne("now");
        assertThat(ask).isCompletedExceptionally();
        assertThatThrownBy(ask::join).hasCauseInstanceOf(SlotUnavailableException.class);

        time.advance(Duration.ofMillis(10));
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(e, "ff", 0) == SlotState.RUNNING);
        assertThat(d.askOne("later").join()).isEqualTo(0);
    }

    @Test
    void backoffFormulas() {
        Backoff exp = Backoff.exponential(Duration.ofMillis(3), Duration.ofSeconds(1), 0.5);
        assertThat(List.of(exp.delay(0), exp.delay(1), exp.delay(2), exp.delay(8), exp.delay(9), exp.delay(500)))
                .containsExactly(Duration.ofMillis(3), Duration.ofMillis(6), Duration.ofMillis(12), Duration.ofMillis(768),
                        Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(exp.delayNanos(1, 0.999)).isBetween(Duration.ofMillis(6).toNanos(), Duration.ofMillis(9).toNanos());
        Backoff linear = Backoff.linear(Duration.ofMillis(5));
        assertThat(List.of(linear.delay(0), linear.delay(1), linear.delay(2)))
                .containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(15));
        assertThat(Backoff.none().delay(7)).isZero();
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("below its min");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .hasMessageContaining("random factor");
    }

    @Test
    void aRestartingSlotCanHandItsQueueToTheOthers() throws Exception {
        Engine e = start(Engine.builder().group(group("g", 2).redistributeWhileRestarting(true)
                .backoff(Backoff.linear(Duration.ofSeconds(1))).build()));
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne(new To(0, HOLD));
        holding.await();
        d.tellOne(new To(0, new Fail(0)));
        d.tellOne(new To(0, "q1"));
        d.tellOne(new To(0, "q2"));
        release.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("g:1:q1", "g:1:q2");
        assertThat(state(e, "g", 0)).as("still in its 1 s backoff on virtual time").isEqualTo(SlotState.RESTARTING);
    }

    // ---- intensity and escalation -------------------------------------------------------------------

    @Test
    void intensityExceededPastTheRootStopsTheGroupDeadLettersItsQueueAndFailsItsAsks() throws Exception {
        Engine e = start(Engine.builder().rootIntensity(1, Duration.ofMinutes(1)).group(group("g", 1).build()));
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> restarts(e, "g", 0) == 1 && state(e, "g", 0) == SlotState.RUNNING);

        d.tellOne(HOLD);
        holding.await();
        d.tellOne(new Fail(0));
        d.tellOne("a");
        d.tellOne("b");
        CompletableFuture<Object> c = d.askOne("c");
        release.countDown();

        assertThatThrownBy(() -> c.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupStoppedException.class)
                .hasMessageContaining("supervisor 'root' exceeded its restart intensity (1 restarts within PT1M)");
        await().atMost(5, TimeUnit.SECONDS).until(() -> dead.size() == 4);
        assertThat(dead).extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.HANDLER_FAILED,
                DeadLetter.Reason.HANDLER_FAILED, DeadLetter.Reason.GROUP_STOPPED, DeadLetter.Reason.GROUP_STOPPED);
        assertThat(dead).extracting(DeadLetter::message).containsExactly(new Fail(0), new Fail(0), "a", "b");
        assertThat(handled).isEmpty();
        assertThat(state(e, "g", 0)).isEqualTo(SlotState.STOPPED);
        assertThatThrownBy(() -> d.tellOne("later")).isInstanceOf(GroupStoppedException.class)
                .hasMessageStartingWith("group 'g' is stopped: supervisor 'root' exceeded its restart intensity");
        assertThat(e.supervisors().get(0).escalations()).isEqualTo(1);
    }

    @Test
    void aChildSupervisorThatGivesUpEscalatesAndItsParentRestartsItsWholeSubtree() {
        Engine e = start(Engine.builder()
                .group(group("outside", 1).build())
                .supervisor(SupervisorSpec.builder("sub").intensity(1, Duration.ofMinutes(1))
                        .group(group("g1", 1).build())
                        .group(group("g2", 2).build())
                        .build()));
        Distributor<Object, Object> g1 = e.distributor("g1");
        g1.tellOne(new Fail(0));
        await().atMost(5, TimeUnit.SECONDS).until(() -> restarts(e, "g1", 0) == 1 && state(e, "g1", 0) == SlotState.RUNNING);
        assertThat(restarted(e)).containsExactly("g1:0");

        g1.tellOne(new Fail(0)); // 'sub' allows 1 restart a minute: this one escalates to the root
        await().atMost(5, TimeUnit.SECONDS).until(() -> restarted(e).size() == 3
                && e.slots().stream().allMatch(s -> s.state() == SlotState.RUNNING));
        assertThat(restarted(e)).containsExactlyInAnyOrder("g1:0", "g2:0", "g2:1");
        assertThat(restarts(e, "g1", 0)).isEqualTo(2);
        List<SupervisorInfo> tree = e.supervisors();
        assertThat(tree).extracting(SupervisorInfo::name).containsExactly("root", "sub");
        assertThat(tree.get(1).escalations()).isEqualTo(1);
        assertThat(tree.get(1).groups()).containsExactly("g1", "g2");
        assertThat(tree.get(0).supervisors()).containsExactly("sub");
        assertThat(e.distributor("g2").askEveryone("ping").stream().map(CompletableFuture::join)).containsExactly(0, 1);
    }

    // ---- stable handles, retries, errors, factories, stuck handlers ----------------------------------

    @Test
    void aDistributorTakenBeforeAHundredRestartsStillReachesEverySlot() {
        Engine e = start(Engine.builder().group(group("g", 4).build()));
        Distributor<Object, Object> d = e.distributor("g");
        for (int i = 0; i < 100; i++) {
            d.tellEveryone(new Fail(i % 4));
            // tellEveryone reaches running slots only: let this restart finish before the next failure.
            long restarts = i + 1;
            EngineTest.spinUntil(() -> e.slots().stream().mapToLong(SlotInfo::restarts).sum() == restarts
                    && e.slots().stream().allMatch(s -> s.state() == SlotState.RUNNING));
        }
        assertThat(e.slots()).extracting(SlotInfo::restarts).containsExactly(25L, 25L, 25L, 25L);
        await().atMost(5, TimeUnit.SECONDS).until(() -> e.slots().stream().allMatch(s -> s.state() == SlotState.RUNNING));
        assertThat(d.askEveryone("ping").stream().map(CompletableFuture::join)).containsExactly(0, 1, 2, 3);
        assertThat(e.distributor("g")).isSameAs(d);
    }

    @Test
    void aFailingMessageIsRetriedUpToKTimesOnTheRestartedHandler() {
        AtomicInteger attempts = new AtomicInteger();
        Engine e = start(Engine.builder().group(GroupSpec.builder("r", String.class).retries(2).backoff(Backoff.none())
                .handler(() -> (m, ctx) -> {
                    int n = attempts.incrementAndGet();
                    if (m.equals("flaky") && n <= 2) {
                        throw new IllegalStateException("attempt " + n);
                    }
                    if (m.equals("poison")) {
                        throw new IllegalStateException("always");
                    }
                    ctx.reply(m + " after " + n + " attempts");
                }).build()));
        Distributor<Object, Object> d = e.distributor("r");
        assertThat(d.askOne("flaky").join()).isEqualTo("flaky after 3 attempts");
        assertThat(e.slots().get(0).restarts()).isEqualTo(2);
        assertThat(dead).isEmpty();

        attempts.set(0);
        d.tellOne("poison");
        await().atMost(5, TimeUnit.SECONDS).until(() -> dead.size() == 1);
        assertThat(attempts).as("first try and two retries").hasValue(3);
        assertThat(dead.get(0).reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
        assertThatThrownBy(() -> d.askOne("poison").join()).hasRootCauseMessage("always");
    }

    @Test
    void anErrorIsAFailureTooAndTheEngineStaysUp() {
        Engine e = start(Engine.builder().group(GroupSpec.builder("err", String.class).backoff(Backoff.none())
                .handler(() -> (m, ctx) -> {
                    if (m.equals("deep")) {
                        throw new StackOverflowError("simulated");
                    }
                    ctx.reply("fine");
                }).build()));
        Distributor<Object, Object> d = e.distributor("err");
        assertThatThrownBy(() -> d.askOne("deep").join()).hasCauseInstanceOf(StackOverflowError.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> e.slots().get(0).restarts() == 1);
        assertThat(d.askOne("next").join()).isEqualTo("fine");
    }

    @Test
    void aHandlerFactoryThatFailsAtRestartIsRetriedWithBackoff() {
        AtomicInteger made = new AtomicInteger();
        Engine e = start(Engine.builder().group(GroupSpec.builder("f", String.class)
                .backoff(Backoff.linear(Duration.ofMillis(10)))
                .handler(() -> {
                    int n = made.incrementAndGet();
                    if (n == 2 || n == 3) {
                        throw new IllegalStateException("connection refused (" + n + ")");
                    }
                    return (m, ctx) -> {
                        if (m.equals("crash")) {
                            throw new IllegalStateException("crash");
                        }
                        ctx.reply("handler " + n);
                    };
                }).build()));
        Distributor<Object, Object> d = e.distributor("f");
        d.tellOne("crash");
        for (long ms : new long[] {10, 20, 30}) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> time.pending() == 1);
            time.advance(Duration.ofMillis(ms));
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> e.slots().get(0).state() == SlotState.RUNNING);
        assertThat(time.delays()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30));
        assertThat(d.askOne("who").join()).isEqualTo("handler 4");
        assertThat(e.slots().get(0).failures()).isEqualTo(3);
        assertThat(e.slots().get(0).restarts()).isEqualTo(1);
    }

    @Test
    void closeGivesUpOnAStuckHandlerAfterItsDeadlineAndAccountsForItsQueueLater() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean unstick = new AtomicBoolean();
        Engine e = Engine.builder().name("stuck").scheduler(time).deadLetters(dead::add)
                .closeTimeout(Duration.ofMillis(200))
                .group(GroupSpec.builder("s", String.class).handler(() -> (m, ctx) -> {
                    if (m.equals("stuck")) {
                        entered.countDown();
                        while (!unstick.get()) {
                            Thread.onSpinWait(); // deaf to interrupts on purpose
                        }
                    } else if (ctx.isAsk()) {
                        ctx.reply(m);
                    }
                }).build())
                .build();
        e.start();
        Distributor<Object, Object> d = e.distributor("s");
        d.tellOne("stuck");
        entered.await();
        d.tellOne("queued");
        CompletableFuture<Object> ask = d.askOne("queued ask");

        e.close(); // returns after the 200 ms deadline
        assertThat(e.isTerminated()).isFalse();
        assertThatThrownBy(ask::join).hasCauseInstanceOf(EngineClosedException.class);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .filteredOn((Predicate<String>) n -> n.startsWith("stuck-")).containsExactly("stuck-s-0");

        unstick.set(true);
        assertThat(e.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(dead).extracting(DeadLetter::reason).containsOnly(DeadLetter.Reason.ENGINE_CLOSED);
        assertThat(dead).extracting(DeadLetter::message).containsExactly("queued", "queued ask");
    }
}
