package io.rampart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Groups and supervisors added and removed at run time: what an add makes visible and when, what a
 * removal owes (a drain with full accounting, a dead old handle, joined threads, a free name), the
 * supervision tree without the removed group, bad input, and removals and closes from the engine's
 * own threads and during an add.
 */
class RuntimeGroupsTest {
    /** Long, so a removal that waited on an engine thread (for itself) would show as a hang, not pass. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    /** Every thread the engine's factory made. */
    private final List<Thread> made = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();
    private final AtomicReference<Engine> engineRef = new AtomicReference<>();
    private Engine engine;

    @AfterEach
    void cleanUp() {
        gates.forEach(g -> { while (g.getCount() > 0) g.countDown(); });
        if (engine != null) {
            engine.close();
        }
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    private Engine.Builder builder(String name) {
        return Engine.builder().name(name).deadLetters(dead::add).supervisionEvents(events::add)
                .closeTimeout(CLOSE_TIMEOUT)
                .threadFactory(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    made.add(t);
                    return t;
                });
    }

    private Engine started(Engine.Builder b) {
        engine = b.build();
        engineRef.set(engine);
        engine.start();
        return engine;
    }

    private static GroupSpec<String, String> echo(String name, int redundancy) {
        return GroupSpec.builder(name, String.class).answers(String.class).redundancy(redundancy)
                .handler(() -> (m, ctx) -> ctx.reply(m + "!")).build();
    }

    private List<String> aliveThreadsOf(String prefix) {
        List<String> alive = new ArrayList<>();
        for (Thread t : made) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                alive.add(t.getName());
            }
        }
        return alive;
    }

    @Test
    void aGroupAddedWhileRunningTakesSendsAndShowsEverywhere() {
        Engine e = started(builder("add").group(echo("base", 1))
                .supervisor(SupervisorSpec.builder("batch").strategy(SupervisionStrategy.ONE_FOR_ALL).build()));

        Distributor<String, String> late = e.addGroup("batch", echo("late", 2));

        assertThat(late.askOne("hi").join()).isEqualTo("hi!");
        assertThat(e.distributor("late")).isSameAs(late);
        assertThat(e.groupNames()).containsExactly("base", "late");
        assertThat(e.slots()).extracting(SlotInfo::group).containsExactly("base", "late", "late");
        assertThat(e.slots()).extracting(SlotInfo::state).containsOnly(SlotState.RUNNING);
        assertThat(e.metrics()).extracting(GroupMetrics::group).containsExactly("base", "late");
        assertThat(e.health("late").status()).isEqualTo(GroupHealth.Status.RUNNING);
        assertThat(e.supervisors()).filteredOn(s -> s.name().equals("batch")).singleElement()
                .satisfies(s -> assertThat(s.groups()).containsExactly("late"));
        assertThat(events).contains(new SupervisionEvent.GroupAdded("add", "late", "batch"));
        assertThat(e.broadcast("all").outcomes()).extracting(BroadcastResult.Outcome::group)
                .containsExactly("base", "late");
    }

    @Test
    void aGroupAddedBeforeStartIsStartedByStart() {
        engine = builder("before").build();
        Distributor<String, String> d = engine.addGroup(echo("g", 1));
        assertThatThrownBy(() -> d.tellOne("early")).isInstanceOf(IllegalStateException.class);
        assertThat(made).isEmpty(); // built only

        engine.start();
        assertThat(d.askOne("x").join()).isEqualTo("x!");
    }

    @Test
    void aFailingHandlerFactoryIsAClearExceptionAndTheGroupIsNotAdded() {
        Engine e = started(builder("fail").group(echo("base", 1)));
        AtomicInteger calls = new AtomicInteger();
        GroupSpec<String, Object> bad = GroupSpec.builder("bad", String.class).redundancy(2)
                .handler(() -> {
                    if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("no connection");
                    }
                    return (m, ctx) -> { };
                }).build();

        assertThatThrownBy(() -> e.addGroup(bad))
                .isInstanceOf(RampartException.class)
                .hasMessageContaining("group 'bad'").hasMessageContaining("handler factory failed")
                .hasRootCauseMessage("no connection");

        assertThat(aliveThreadsOf("fail-bad-")).as("the failed group's threads, stopped and joined").isEmpty();
        assertThat(made).filteredOn(t -> t.getName().startsWith("fail-bad-")).hasSize(2);
        assertThatThrownBy(() -> e.distributor("bad")).isInstanceOf(NoSuchGroupException.class);
        assertThat(e.slots()).extracting(SlotInfo::group).containsOnly("base");
        assertThat(e.supervisors().get(0).groups()).containsExactly("base");
        assertThat(events).noneMatch(ev -> ev instanceof SupervisionEvent.GroupAdded);
        // The name is free: a working group of that name can be added.
        assertThat(e.addGroup(echo("bad", 1)).askOne("again").join()).isEqualTo("again!");
    }

    @Test
    void badInputIsRefusedAtTheCallSiteNamingWhatIsWrong() {
        Engine e = started(builder("bad-input").group(echo("g", 1))
                .supervisor(SupervisorSpec.builder("sup").group(echo("h", 1)).build()));

        assertThatThrownBy(() -> e.addGroup("root", echo("h", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine 'bad-input' already has a group 'h' (under supervisor 'sup'): cannot add another"
                        + " under supervisor 'root'; a name can be reused once its group is removed");
        assertThatThrownBy(() -> e.addSupervisor(SupervisorSpec.builder("sup").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a supervisor 'sup' (under supervisor 'root')");
        assertThatThrownBy(() -> e.addSupervisor(SupervisorSpec.builder("two").group(echo("x", 1))
                .group(echo("x", 1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group 'x' is defined twice in engine 'bad-input'");
        assertThatThrownBy(() -> e.addGroup("nowhere", echo("y", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no supervisor 'nowhere'").hasMessageContaining("[root, sup]");
        assertThatThrownBy(() -> e.addGroup(null)).isInstanceOf(NullPointerException.class).hasMessage("group spec");
        assertThatThrownBy(() -> e.addGroup(null, echo("y", 1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> e.removeGroup("nope")).isInstanceOf(NoSuchGroupException.class);
        assertThatThrownBy(() -> e.removeSupervisor("root")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root supervisor cannot be removed");
        assertThatThrownBy(() -> e.removeSupervisor("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no supervisor 'nope'");
        assertThat(e.slots()).extracting(SlotInfo::group).containsExactly("g", "h"); // nothing half-added

        // A group and a supervisor may share a name, as in a builder: they are looked up apart.
        e.addSupervisor(SupervisorSpec.builder("g").build());
        e.addGroup("g", echo("sup", 1));
        assertThat(e.supervisors()).filteredOn(s -> s.name().equals("g")).singleElement()
                .satisfies(s -> assertThat(s.groups()).containsExactly("sup"));

        e.close();
        assertThatThrownBy(() -> e.addGroup(echo("late", 1))).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> e.removeGroup("g")).isInstanceOf(EngineClosedException.class);
    }

    @Test
    void aRemovedGroupDrainsWhatItAcceptedThenItsOldHandleIsDeadAndItsNameFree() throws Exception {
        CountDownLatch hold = gate();
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupSpec<String, String> slow = GroupSpec.builder("slow", String.class).answers(String.class).redundancy(2)
                .handler(() -> (m, ctx) -> {
                    hold.await();
                    handled.add(m);
                    if (ctx.isAsk()) {
                        ctx.reply(m);
                    }
                }).build();
        Engine e = started(builder("remove").group(echo("other", 1)).group(slow));
        Distributor<String, String> old = e.distributor(slow);
        List<CompletableFuture<String>> asks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            old.tellOne("t" + i);
            asks.add(old.askOne("a" + i));
        }

        CompletableFuture<Boolean> removed = CompletableFuture.supplyAsync(() -> e.removeGroup("slow"));
        await().until(() -> !e.groupNames().contains("slow")); // out at once, while it drains
        assertThatThrownBy(() -> old.tellOne("late")).isInstanceOf(GroupRemovedException.class)
                .isInstanceOf(GroupStoppedException.class).hasMessageContaining("removed from engine 'remove'");
        assertThat(removed).isNotDone();
        hold.countDown();

        assertThat(removed.get(10, TimeUnit.SECONDS)).as("drained and joined").isTrue();
        assertThat(handled).hasSize(40).doesNotHaveDuplicates().doesNotContain("late");
        assertThat(asks).allSatisfy(a -> assertThat(a).isCompleted());
        assertThat(dead).isEmpty();
        assertThat(aliveThreadsOf("remove-slow-")).isEmpty();
        assertThat(events).contains(new SupervisionEvent.GroupRemoved("remove", "slow", "root"));

        // The old handle refuses every send with the specific exception; the name is gone...
        assertThatThrownBy(() -> old.tellOne("x")).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.tryTellOne("x")).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.tellEveryone("x")).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.tellBatch(List.of("x", "y"))).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.tellTo(0, "x")).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.askOne("x").join()).hasCauseInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.askOneSync("x", Duration.ofSeconds(5))).hasCauseInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> old.askEveryone("x")).isInstanceOf(GroupRemovedException.class);
        assertThatThrownBy(() -> e.distributor("slow")).isInstanceOf(NoSuchGroupException.class);
        assertThatThrownBy(() -> e.health("slow")).isInstanceOf(NoSuchGroupException.class);
        assertThat(e.slots()).extracting(SlotInfo::group).containsOnly("other");
        assertThat(e.supervisors().get(0).groups()).containsExactly("other");

        // ...and free: a new group of that name has a new handle; the old one stays dead.
        Distributor<String, String> reborn = e.addGroup(echo("slow", 1));
        assertThat(reborn).isNotSameAs(old);
        assertThat(reborn.askOne("new").join()).isEqualTo("new!");
        assertThatThrownBy(() -> old.tellOne("x")).isInstanceOf(GroupRemovedException.class);
        assertThat(handled).hasSize(40);
    }

    @Test
    void removeGroupFromItsOwnHandlerStartsTheRemovalReturnsAndTheQueueStillDrains() throws Exception {
        CountDownLatch queued = gate();
        AtomicReference<Boolean> returned = new AtomicReference<>();
        CountDownLatch removeReturned = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        Engine e = started(builder("self").group(GroupSpec.builder("g", String.class).handler(() -> (m, ctx) -> {
            if (m.equals("remove me")) {
                queued.await();
                returned.set(engineRef.get().removeGroup("g")); // on this group's own slot thread
                removeReturned.countDown();
            }
            handled.add(m);
        }).build()));
        Distributor<Object, Object> d = e.distributor("g");
        d.tellOne("remove me");
        for (int i = 0; i < 50; i++) {
            d.tellOne("m" + i);
        }
        queued.countDown();

        assertThat(removeReturned.await(10, TimeUnit.SECONDS)).as("removeGroup returned on the slot's thread").isTrue();
        assertThat(returned.get()).as("started, not joined").isFalse();
        await().until(() -> aliveThreadsOf("self-g-").isEmpty());
        assertThat(handled).hasSize(51); // the 50 queued behind it were accepted: drained, not dead-lettered
        assertThat(dead).isEmpty();
        assertThatThrownBy(() -> d.tellOne("late")).isInstanceOf(GroupRemovedException.class);
        e.close();
        assertThat(e.isTerminated()).isTrue();
        assertThat(made).noneMatch(Thread::isAlive);
    }

    @Test
    void removeGroupFromASupervisionListenerDoesNotDeadlock() throws Exception {
        CountDownLatch removeReturned = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        AtomicBoolean failedOnce = new AtomicBoolean();
        engine = builder("listener")
                .supervisionEvents(ev -> {
                    events.add(ev);
                    if (ev instanceof SupervisionEvent.Restart r && r.group().equals("g")) {
                        engineRef.get().removeGroup("g"); // on the failing slot's thread, inside supervision's emit
                        removeReturned.countDown();
                    }
                })
                .group(GroupSpec.builder("g", String.class).handler(() -> (m, ctx) -> {
                    if (m.equals("boom") && failedOnce.compareAndSet(false, true)) {
                        throw new IllegalStateException("boom");
                    }
                    handled.incrementAndGet();
                }).build())
                .build();
        engineRef.set(engine);
        engine.start();
        Distributor<Object, Object> d = engine.distributor("g");
        d.tellOne("boom");
        for (int i = 0; i < 10; i++) {
            d.tellOne("m" + i);
        }

        assertThat(removeReturned.await(10, TimeUnit.SECONDS)).isTrue();
        await().until(() -> aliveThreadsOf("listener-g-").isEmpty());
        // "boom" failed (no retries by default: dead-lettered, and the slot restarted); the 10 behind it
        // were accepted before the removal and drain through the restarted handler.
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.message()).isEqualTo("boom");
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.HANDLER_FAILED);
        });
        assertThat(handled).hasValue(10);
        assertThat(events).contains(new SupervisionEvent.GroupRemoved("listener", "g", "root"));
    }

    @Test
    void closeDuringAnAddFailsTheAddAndJoinsTheNewThreads() throws Exception {
        CountDownLatch factoryEntered = new CountDownLatch(1);
        CountDownLatch factoryMayReturn = gate();
        Engine e = started(builder("close-add").group(echo("base", 1)));
        GroupSpec<String, Object> slowStart = GroupSpec.builder("slow-start", String.class).handler(() -> {
            factoryEntered.countDown();
            try {
                factoryMayReturn.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return (m, ctx) -> { };
        }).build();
        CompletableFuture<Distributor<String, Object>> adding = CompletableFuture.supplyAsync(() -> e.addGroup(slowStart));
        assertThat(factoryEntered.await(10, TimeUnit.SECONDS)).isTrue();

        e.shutdown(); // closes the group being added too, which releases the add's wait for its first handler

        assertThatThrownBy(() -> adding.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(EngineClosedException.class)
                .hasMessageContaining("closed while adding group 'slow-start'");
        factoryMayReturn.countDown(); // the factory returns; the closed slot drains nothing and ends
        assertThat(e.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(made).noneMatch(Thread::isAlive);
    }

    @Test
    void aRemovedGroupNoLongerCountsInItsSupervisorsStrategy() {
        AtomicBoolean failNow = new AtomicBoolean();
        GroupSpec<String, Object> a = GroupSpec.builder("a", String.class).backoff(Backoff.none())
                .handler(() -> (m, ctx) -> {
                    if (failNow.compareAndSet(true, false)) {
                        throw new IllegalStateException("a fails");
                    }
                }).build();
        Engine e = started(builder("strategy").supervisor(SupervisorSpec.builder("all")
                .strategy(SupervisionStrategy.ONE_FOR_ALL).group(a).group(echo("b", 1)).build()));

        assertThat(e.removeGroup("b")).isTrue();
        failNow.set(true);
        e.distributor("a").tellOne("go");

        await().until(() -> events.stream().anyMatch(ev -> ev instanceof SupervisionEvent.Restart));
        await().until(() -> e.slots().get(0).restarts() == 1);
        assertThat(events).filteredOn(ev -> ev instanceof SupervisionEvent.Restart)
                .extracting(ev -> ((SupervisionEvent.Restart) ev).group()).containsExactly("a");
        assertThat(e.supervisors()).filteredOn(s -> s.name().equals("all")).singleElement()
                .satisfies(s -> assertThat(s.groups()).containsExactly("a"));
    }

    @Test
    void removeSupervisorRemovesItsWholeSubtreeAndFreesItsNames() {
        Engine e = started(builder("subtree").group(echo("keep", 1)));
        e.addSupervisor(SupervisorSpec.builder("outer").group(echo("o1", 1))
                .supervisor(SupervisorSpec.builder("inner").group(echo("i1", 2)).build()).build());
        Distributor<String, String> i1 = e.distributor("i1", String.class, String.class);
        assertThat(e.groupNames()).containsExactly("keep", "o1", "i1");
        assertThat(e.supervisors()).extracting(SupervisorInfo::name).containsExactly("root", "outer", "inner");
        assertThat(e.broadcast("outer", "hello").outcomes()).extracting(BroadcastResult.Outcome::group)
                .containsExactly("o1", "i1");

        assertThat(e.removeSupervisor("outer")).isTrue();

        assertThat(e.groupNames()).containsExactly("keep");
        assertThat(e.supervisors()).extracting(SupervisorInfo::name).containsExactly("root");
        assertThat(aliveThreadsOf("subtree-o1-")).isEmpty();
        assertThat(aliveThreadsOf("subtree-i1-")).isEmpty();
        assertThatThrownBy(() -> i1.tellOne("x")).isInstanceOf(GroupRemovedException.class);
        assertThat(events).contains(new SupervisionEvent.GroupRemoved("subtree", "o1", "outer"),
                new SupervisionEvent.GroupRemoved("subtree", "i1", "inner"));
        e.addSupervisor(SupervisorSpec.builder("inner").group(echo("i1", 1)).build()); // names free again
        assertThat(e.distributor("i1").askOne("back").join()).isEqualTo("back!");
    }

    @Test
    void aSlotFailingDuringItsRemovedGroupsDrainRestartsAloneAndTheDrainGoesOn() throws Exception {
        CountDownLatch hold = gate();
        AtomicInteger factoryCalls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupSpec<String, Object> leaving = GroupSpec.builder("leaving", String.class).backoff(Backoff.none())
                .handler(() -> {
                    factoryCalls.incrementAndGet();
                    return (m, ctx) -> {
                        if (m.equals("first")) {
                            hold.await();
                        }
                        if (m.equals("fail")) {
                            throw new IllegalStateException("fails while draining");
                        }
                        handled.add(m);
                    };
                }).build();
        Engine e = started(builder("drain-fail").supervisor(SupervisorSpec.builder("all")
                .strategy(SupervisionStrategy.ONE_FOR_ALL).group(echo("stays", 1)).group(leaving).build()));
        Distributor<String, Object> d = e.distributor(leaving);
        d.tellOne("first");
        d.tellOne("fail");
        for (int i = 0; i < 10; i++) {
            d.tellOne("m" + i);
        }

        CompletableFuture<Boolean> removed = CompletableFuture.supplyAsync(() -> e.removeGroup("leaving"));
        await().until(() -> !e.groupNames().contains("leaving"));
        hold.countDown();

        assertThat(removed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).hasSize(11); // "first" and the 10 behind "fail", through the restarted handler
        assertThat(dead).singleElement().satisfies(dl -> assertThat(dl.message()).isEqualTo("fail"));
        assertThat(factoryCalls).as("the removed group's slot got a new handler").hasValue(2);
        assertThat(events).filteredOn(ev -> ev instanceof SupervisionEvent.Restart)
                .extracting(ev -> ((SupervisionEvent.Restart) ev).group()).containsExactly("leaving"); // not "stays"
        assertThat(e.slots().get(0).restarts()).isZero();
    }
}
