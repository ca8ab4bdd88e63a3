package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full accounting while a group is resized up and down under four concurrent senders (tellOne,
 * askOne, tellBatch, tellTo): every accepted message is handled exactly once or dead-lettered (counted
 * by a unique id), every refused one is neither, every ask completes exactly once, each sender's
 * messages run in the order sent on each slot, a custom balancer always sees one size per send, and
 * every thread the engine started has ended after close.
 */
class ResizeChaosTest {
    private static final int MAX_IDS = 2_000_000;
    private static final int RESIZES = 150;

    /** A message: who sent it, its unique id, and its place in its sender's sequence. */
    record Msg(int sender, int id, long seq) {
    }

    private final AtomicIntegerArray handled = new AtomicIntegerArray(MAX_IDS);
    private final AtomicIntegerArray deadLettered = new AtomicIntegerArray(MAX_IDS);
    private final AtomicIntegerArray accepted = new AtomicIntegerArray(MAX_IDS);
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger handlers = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** Round robin, checking that the view keeps one size for the whole call. */
    private final LoadBalancer checking = new LoadBalancer() {
        private final LoadBalancer rr = LoadBalancer.roundRobin();

        @Override
        public int select(Object message, Slots slots) {
            int n = slots.size();
            int pick = rr.select(message, slots);
            for (int i = 0; i < n; i++) {
                slots.state(i); // every index below the size is readable
            }
            if (slots.size() != n || pick >= n) {
                violations.add("balancer saw size " + n + " then " + slots.size() + ", picked " + pick);
            }
            return pick;
        }

        @Override
        public boolean spillsOver() {
            return true;
        }
    };

    @Test
    void everyMessageIsAccountedForWhileTheGroupIsResizedUpAndDown() throws Exception {
        ThreadFactory counting = r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        GroupSpec<Msg, Integer> spec = GroupSpec.builder("g", Msg.class).answers(Integer.class).redundancy(2)
                .ringSize(64).loadBalancer(checking).backpressure(Backpressure.block(Duration.ofSeconds(5)))
                .handler(() -> {
                    int handler = handlers.incrementAndGet();
                    Map<Integer, Long> lastSeq = new HashMap<>(); // this handler's slot thread only
                    return (m, ctx) -> {
                        if (handled.incrementAndGet(m.id()) != 1) {
                            violations.add("message " + m.id() + " handled twice");
                        }
                        Long last = lastSeq.put(m.sender(), m.seq());
                        if (last != null && last >= m.seq()) {
                            violations.add("sender " + m.sender() + " out of order on handler " + handler + ": " + m.seq()
                                    + " after " + last);
                        }
                        if (ctx.isAsk()) {
                            ctx.reply(ctx.slot());
                        }
                    };
                }).build();
        Engine engine = Engine.builder().name("chaos").threadFactory(counting)
                .deadLetters(d -> deadLettered.incrementAndGet(((Msg) d.message()).id())).group(spec).build();
        engine.start();
        Distributor<Msg, Integer> g = engine.distributor(spec);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong refused = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        List<CompletableFuture<Integer>> asks = new CopyOnWriteArrayList<>();
        AtomicIntegerArray askCompletions = new AtomicIntegerArray(MAX_IDS);
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            senders.add(new Thread(() -> {
              try {
                long seq = 0;
                while (!stop.get() && ids.get() < MAX_IDS - 100) {
                    switch (sender) {
                        case 0 -> {
                            Msg m = new Msg(sender, ids.getAndIncrement(), seq++);
                            g.tellOne(m); // block policy: returns accepted, or throws (counted below)
                            accepted.set(m.id(), 1);
                        }
                        case 1 -> {
                            Msg m = new Msg(sender, ids.getAndIncrement(), seq++);
                            CompletableFuture<Integer> f = g.askOne(m, Duration.ofSeconds(30));
                            f.whenComplete((v, e) -> askCompletions.incrementAndGet(m.id()));
                            asks.add(f);
                            accepted.set(m.id(), 1); // corrected below if refused
                            Throwable atCall = f.isCompletedExceptionally() ? f.handle((v, e) -> e).getNow(null) : null;
                            if (atCall instanceof SlotUnavailableException || atCall instanceof RingFullException) {
                                accepted.set(m.id(), 0);
                                refused.incrementAndGet();
                            }
                        }
                        case 2 -> {
                            List<Msg> batch = new ArrayList<>();
                            for (int i = 0; i < 16; i++) {
                                batch.add(new Msg(sender, ids.getAndIncrement(), seq++));
                            }
                            BatchResult r = g.tellBatch(batch);
                            for (Msg m : batch) {
                                accepted.set(m.id(), 1);
                            }
                            for (Object o : r.refused()) {
                                accepted.set(((Msg) o).id(), 0);
                                refused.incrementAndGet();
                            }
                            // a refused message leaves a gap in the slot's order: resend nothing, start a new sequence
                        }
                        default -> {
                            Msg m = new Msg(sender, ids.getAndIncrement(), seq++);
                            int size = g.redundancy();
                            try {
                                g.tellTo(ThreadLocalRandom.current().nextInt(size), m);
                                accepted.set(m.id(), 1);
                            } catch (SlotUnavailableException removed) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                    sent.incrementAndGet();
                }
              } catch (RuntimeException e) {
                violations.add("sender " + sender + " refused: " + e); // a live group must take every send
              }
            }, "chaos-sender-" + s));
        }
        senders.forEach(Thread::start);

        int resizes = 0;
        for (int i = 0; i < RESIZES; i++) {
            int target = 1 + ThreadLocalRandom.current().nextInt(5);
            if (engine.resize("g", target) != target) {
                resizes++;
            }
        }
        stop.set(true);
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).isFalse();
        }
        for (CompletableFuture<Integer> f : asks) {
            f.handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        }
        engine.close();

        int n = ids.get();
        long handledCount = 0;
        long deadCount = 0;
        long acceptedCount = 0;
        for (int id = 0; id < n; id++) {
            int h = handled.get(id);
            int d = deadLettered.get(id);
            handledCount += h;
            deadCount += d;
            if (accepted.get(id) == 1) {
                acceptedCount++;
                if (h + d != 1) {
                    violations.add("accepted message " + id + " handled " + h + " times, dead-lettered " + d + " times");
                }
            } else if (h + d != 0) {
                violations.add("refused message " + id + " handled " + h + " times, dead-lettered " + d + " times");
            }
        }
        long asksDone = 0;
        for (CompletableFuture<Integer> f : asks) {
            assertThat(f).isDone();
            asksDone++;
        }
        for (int id = 0; id < n; id++) {
            if (askCompletions.get(id) > 1) {
                violations.add("ask " + id + " completed " + askCompletions.get(id) + " times");
            }
        }
        System.out.printf("resize chaos: %d messages sent (%d accepted, %d refused at the call), %d handled, %d dead-lettered,"
                        + " %d asks all completed, %d resizes done of %d asked, %d handler instances, %d threads started%n",
                n, acceptedCount, refused.get(), handledCount, deadCount, asksDone, resizes, RESIZES, handlers.get(),
                threads.size());
        assertThat(violations).isEmpty();
        assertThat(handledCount + deadCount).isEqualTo(acceptedCount);
        assertThat(resizes).isGreaterThan(RESIZES / 2);
        assertThat(threads).as("every thread the engine started has ended").noneMatch(Thread::isAlive);
    }
}
