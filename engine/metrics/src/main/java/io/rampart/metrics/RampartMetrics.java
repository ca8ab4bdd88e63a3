package io.rampart.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rampart.DeadLetter;
import io.rampart.Engine;
import io.rampart.GroupMetrics;
import io.rampart.SlotMetrics;
import io.rampart.SlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * Binds a Rampart {@link Engine}'s metrics ({@link Engine#metrics()}) to a Micrometer {@link MeterRegistry}:
 * per slot and per group, tagged {@code group}, {@code slot} and (dead letters) {@code reason}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new RampartMetrics(engine).bindTo(registry);
 * String scrape = registry.scrape();   // rampart_slot_handled_total{group="orders",slot="0"} 42.0 ...
 * }</pre>
 *
 * <h2>Meters</h2>
 * Micrometer names, with the names the Prometheus registry gives them:
 * <table>
 * <caption>Meters registered per group and slot</caption>
 * <tr><th>Micrometer</th><th>type</th><th>Prometheus</th><th>tags</th></tr>
 * <tr><td>rampart.slot.state</td><td>gauge, 1 for the slot's state and 0 for the others</td>
 *     <td>rampart_slot_state</td><td>group, slot, state</td></tr>
 * <tr><td>rampart.slot.backlog</td><td>gauge</td><td>rampart_slot_backlog</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.stalled</td><td>gauge, 1 or 0</td><td>rampart_slot_stalled</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.handled</td><td>counter</td><td>rampart_slot_handled_total</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.failures</td><td>counter</td><td>rampart_slot_failures_total</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.restarts</td><td>counter</td><td>rampart_slot_restarts_total</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.ring.full</td><td>counter</td><td>rampart_slot_ring_full_total</td><td>group, slot</td></tr>
 * <tr><td>rampart.group.dead.letters</td><td>counter</td><td>rampart_group_dead_letters_total</td>
 *     <td>group, reason</td></tr>
 * <tr><td>rampart.group.asks.in.flight</td><td>gauge</td><td>rampart_group_asks_in_flight</td><td>group</td></tr>
 * <tr><td>rampart.group.ask.timeouts</td><td>counter</td><td>rampart_group_ask_timeouts_total</td><td>group</td></tr>
 * </table>
 * Groups built with {@code recordLatency(true)} also get, per slot, for the queue wait
 * ({@code rampart.slot.queue.wait}) and the service time ({@code rampart.slot.service.time}), in seconds:
 * <table>
 * <caption>Latency meters, per slot of a group that records latency</caption>
 * <tr><th>Micrometer</th><th>type</th><th>Prometheus</th><th>tags</th></tr>
 * <tr><td>rampart.slot.queue.wait</td><td>function timer (count and total time)</td>
 *     <td>rampart_slot_queue_wait_seconds_count, rampart_slot_queue_wait_seconds_sum</td><td>group, slot</td></tr>
 * <tr><td>rampart.slot.queue.wait.max</td><td>gauge</td><td>rampart_slot_queue_wait_max_seconds</td>
 *     <td>group, slot</td></tr>
 * <tr><td>rampart.slot.queue.wait.percentile</td><td>gauge</td><td>rampart_slot_queue_wait_percentile_seconds</td>
 *     <td>group, slot, percentile (0.5, 0.99, 0.999)</td></tr>
 * </table>
 * and the same three for {@code rampart.slot.service.time}. The distributions are cumulative since the slot
 * started (as {@link SlotMetrics} keeps them), so the percentiles describe the slot's whole life; rates and windowed
 * means come from the count and sum ({@code rate(..._sum[5m]) / rate(..._count[5m])}). The tag is
 * {@code percentile}, not {@code quantile}: Prometheus reserves {@code quantile} for summaries, and these are gauges.
 *
 * <h2>Groups added and removed at run time</h2>
 * {@link #bindTo(MeterRegistry)} registers the meters of the groups the engine has <b>then</b>. After
 * {@code Engine.addGroup}, call {@code bindTo} again (a registry returns the meters it already has, so only the
 * new group's are added). A group removed with {@code Engine.removeGroup} keeps its meters, which read
 * {@code NaN} from then on (a timer's count reads 0, its total time NaN) (never failing a scrape); drop them with
 * {@code registry.find("rampart.slot.handled").tag("group", name)} and the like, or
 * {@code registry.getMeters()} filtered on the {@code group} tag, then {@code registry.remove(meter)}. A group
 * added again under the same name is read by the meters of that name.
 *
 * <p>Reading: every meter of one binder reads one snapshot of {@link Engine#metrics()}, taken again when it is
 * older than the binder's refresh interval (default one second), so one scrape sees one consistent snapshot and
 * costs one read of the engine. The meters hold the engine, not this binder: binding and dropping the binder is
 * enough.
 *
 * <h2>Resized groups</h2>
 * The slot meters are registered for the slots that exist when {@link #bindTo} runs. After
 * {@link Engine#resize(String, int)} (or a group's {@link io.rampart.Resizer}) call {@link #refreshSlots()}: it
 * registers the meters of slots added since and removes (from every registry this binder was bound to) those of
 * slots removed since. Until then a removed slot's meters read {@code NaN} and an added slot has none. A natural
 * place is the engine's supervision listener:
 * <pre>{@code
 * AtomicReference<RampartMetrics> metrics = new AtomicReference<>();
 * Engine engine = Engine.builder().supervisionEvents(e -> {
 *     if (e instanceof SupervisionEvent.GroupResized && metrics.get() != null) metrics.get().refreshSlots();
 * })...build();
 * metrics.set(new RampartMetrics(engine));
 * metrics.get().bindTo(registry);
 * }</pre>
 * An index removed and added again between two refreshes keeps its meters, which then read the new slot (its
 * counters start from 0: a counter reset, as after a process restart).
 */
public final class RampartMetrics implements MeterBinder {
    /** How old a snapshot may be before a meter's read takes a new one, unless another interval is given. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);
    /** The percentiles published for each latency distribution. */
    static final double[] PERCENTILES = {0.5, 0.99, 0.999};

    private final Engine engine;
    private final Iterable<Tag> tags;
    private final long refreshNanos;

    // The last snapshot, under this object's lock.
    private long takenAt;
    private boolean taken;
    private Map<String, GroupMetrics> groups = Map.of();
    private Map<String, Latencies> latencies = Map.of();
    /** Per registry bound to, the slot meters registered, by "group#slot"; under this object's lock. */
    private final Map<MeterRegistry, Map<String, List<Meter>>> slotMeters = new IdentityHashMap<>();

    /**
     * A binder for {@code engine}'s metrics, refreshed at most every {@link #DEFAULT_REFRESH}.
     *
     * @param engine the engine; its groups and slots at {@link #bindTo(MeterRegistry)} are the ones bound (see the
     *               class documentation for groups added and removed later, and {@link #refreshSlots()} for resizes)
     */
    public RampartMetrics(Engine engine) {
        this(engine, Tags.empty(), DEFAULT_REFRESH);
    }

    /**
     * A binder for {@code engine}'s metrics, with extra tags on every meter (an {@code engine} tag when a process
     * runs several engines, say).
     *
     * @param engine  the engine
     * @param tags    tags added to every meter
     * @param refresh how old a snapshot may be before it is taken again; zero to read the engine at every meter read
     */
    public RampartMetrics(Engine engine, Iterable<Tag> tags, Duration refresh) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tags = Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative, was " + refresh);
        }
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Map<String, List<Meter>> bound = slotMeters.computeIfAbsent(registry, r -> new HashMap<>());
        for (GroupMetrics g : engine.metrics()) {
            String group = g.group();
            Tags gt = Tags.concat(tags, "group", group);
            for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
                counter(registry, "rampart.group.dead.letters", "Dead letters of the group, by reason",
                        gt.and("reason", reason.name()), e -> group(group).deadLetters(reason));
            }
            gauge(registry, "rampart.group.asks.in.flight", "Future asks sent to the group and not yet complete",
                    null, gt, e -> group(group).asksInFlight());
            counter(registry, "rampart.group.ask.timeouts", "Asks to the group that timed out", gt,
                    e -> group(group).askTimeouts());
            for (SlotMetrics s : g.slots()) {
                bound.put(group + "#" + s.slot(), bindSlot(registry, group, s.slot(), s.recordsLatency()));
            }
        }
    }

    /**
     * Brings the slot meters in line with the engine's groups now, in every registry this binder was bound to:
     * registers the meters of slots added by a resize, removes those of slots a resize removed. Group meters
     * are unchanged. Safe to call at any time, from any thread (a supervision listener's included).
     */
    public synchronized void refreshSlots() {
        List<GroupMetrics> now = engine.metrics();
        for (Map.Entry<MeterRegistry, Map<String, List<Meter>>> e : slotMeters.entrySet()) {
            MeterRegistry registry = e.getKey();
            Map<String, List<Meter>> bound = e.getValue();
            Set<String> present = new HashSet<>();
            for (GroupMetrics g : now) {
                for (SlotMetrics s : g.slots()) {
                    String key = g.group() + "#" + s.slot();
                    present.add(key);
                    if (!bound.containsKey(key)) {
                        bound.put(key, bindSlot(registry, g.group(), s.slot(), s.recordsLatency()));
                    }
                }
            }
            for (Iterator<Map.Entry<String, List<Meter>>> it = bound.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, List<Meter>> slot = it.next();
                if (!present.contains(slot.getKey())) {
                    slot.getValue().forEach(registry::remove);
                    it.remove();
                }
            }
        }
        taken = false; // the next read takes a snapshot with the new slots
    }

    private List<Meter> bindSlot(MeterRegistry registry, String group, int slot, boolean latency) {
        Tags st = Tags.concat(tags, "group", group).and("slot", Integer.toString(slot));
        List<Meter> out = new ArrayList<>();
        for (SlotState state : SlotState.values()) {
            out.add(gauge(registry, "rampart.slot.state", "1 if the slot is in this state, else 0", null,
                    st.and("state", state.name()), e -> slotValue(group, slot, s -> s.state() == state ? 1 : 0)));
        }
        out.add(gauge(registry, "rampart.slot.backlog", "Messages queued in the slot's ring, the one being handled included",
                null, st, e -> slotValue(group, slot, SlotMetrics::backlog)));
        out.add(gauge(registry, "rampart.slot.stalled", "1 if the slot's handler is stalled on one message, else 0", null,
                st, e -> slotValue(group, slot, s -> s.stalled() ? 1 : 0)));
        out.add(counter(registry, "rampart.slot.handled", "Messages the slot's handlers finished without throwing", st,
                e -> slotValue(group, slot, SlotMetrics::handled)));
        out.add(counter(registry, "rampart.slot.failures", "Times the slot's handlers (or handler factory) threw", st,
                e -> slotValue(group, slot, SlotMetrics::failures)));
        out.add(counter(registry, "rampart.slot.restarts", "Times the slot got a new handler after a failure", st,
                e -> slotValue(group, slot, SlotMetrics::restarts)));
        out.add(counter(registry, "rampart.slot.ring.full", "Sends refused because the slot's ring was full", st,
                e -> slotValue(group, slot, SlotMetrics::ringFullRefusals)));
        if (latency) {
            String key = group + "#" + slot;
            bindLatency(registry, "rampart.slot.queue.wait", "Time from publish to the slot's dequeue", st,
                    e -> latencies(key).queueWait, out);
            bindLatency(registry, "rampart.slot.service.time", "Time the slot's handler ran per message", st,
                    e -> latencies(key).serviceTime, out);
        }
        return out;
    }

    private void bindLatency(MeterRegistry registry, String name, String help, Tags st,
                             Function<Engine, Distribution> d, List<Meter> out) {
        out.add(FunctionTimer.builder(name, engine, e -> (long) orZero(e, x -> d.apply(x).count),
                        e -> orNaN(e, x -> d.apply(x).totalNanos), TimeUnit.NANOSECONDS)
                .description(help).tags(st).register(registry));
        out.add(gauge(registry, name + ".max", help + ": the largest", "seconds", st, e -> d.apply(e).maxNanos / 1e9));
        for (int i = 0; i < PERCENTILES.length; i++) {
            int p = i;
            out.add(gauge(registry, name + ".percentile", help + ": a percentile, since the slot started", "seconds",
                    st.and("percentile", Double.toString(PERCENTILES[i])), e -> d.apply(e).percentileNanos[p] / 1e9));
        }
    }

    private Meter gauge(MeterRegistry registry, String name, String help, String unit, Tags t, ToDoubleFunction<Engine> f) {
        return Gauge.builder(name, engine, e -> orNaN(e, f)).description(help).baseUnit(unit).tags(t).strongReference(true)
                .register(registry);
    }

    private Meter counter(MeterRegistry registry, String name, String help, Tags t, ToDoubleFunction<Engine> f) {
        return FunctionCounter.builder(name, engine, e -> orNaN(e, f)).description(help).tags(t).register(registry);
    }

    // ---- the snapshot ---------------------------------------------------------------------------

    /**
     * A meter's group (or slot) is not in the engine any more ({@code Engine.removeGroup}): its meters read NaN
     * rather than fail the scrape. One shared instance without a stack trace: a scrape of a removed group's
     * meters allocates nothing for it.
     */
    private static final RuntimeException GONE = new RuntimeException("group removed", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private static double orNaN(Engine e, ToDoubleFunction<Engine> f) {
        try {
            return f.applyAsDouble(e);
        } catch (RuntimeException gone) {
            if (gone != GONE) {
                throw gone;
            }
            return Double.NaN;
        }
    }

    /** As {@link #orNaN}, for a timer's count, which is a long: 0 once the group is gone. */
    private static double orZero(Engine e, ToDoubleFunction<Engine> f) {
        double v = orNaN(e, f);
        return Double.isNaN(v) ? 0 : v;
    }

    private GroupMetrics group(String group) {
        GroupMetrics g = fresh().groups.get(group);
        if (g == null) {
            throw GONE;
        }
        return g;
    }

    /**
     * A slot's reading: NaN once a resize removed it (until {@link #refreshSlots()} removes its meters), and
     * NaN (through {@link #GONE}) once its group was removed.
     */
    private double slotValue(String group, int slot, ToDoubleFunction<SlotMetrics> f) {
        List<SlotMetrics> slots = group(group).slots();
        return slot < slots.size() ? f.applyAsDouble(slots.get(slot)) : Double.NaN;
    }

    private Latencies latencies(String key) {
        Latencies l = fresh().latencies.get(key);
        if (l == null) {
            throw GONE; // a slot removed by a resize (until refreshSlots()), or its group removed: NaN
        }
        return l;
    }

    private synchronized RampartMetrics fresh() {
        long now = System.nanoTime();
        if (!taken || now - takenAt >= refreshNanos) {
            Map<String, GroupMetrics> g = new HashMap<>();
            Map<String, Latencies> l = new HashMap<>();
            for (GroupMetrics m : engine.metrics()) {
                g.put(m.group(), m);
                for (SlotMetrics s : m.slots()) {
                    if (s.recordsLatency()) {
                        l.put(m.group() + "#" + s.slot(), new Latencies(
                                new Distribution(s.queueWait()), new Distribution(s.serviceTime())));
                    }
                }
            }
            groups = g;
            latencies = l;
            takenAt = now;
            taken = true;
        }
        return this;
    }

    /** One slot's two distributions, as of the snapshot. */
    private record Latencies(Distribution queueWait, Distribution serviceTime) {
    }

    /** What a removed slot's latency meters read until {@link #refreshSlots()} removes them: empty distributions. */

    /** What the meters read of one histogram, in nanoseconds. */
    private static final class Distribution {
        final long count;
        final double totalNanos;
        final long maxNanos;
        final double[] percentileNanos = new double[PERCENTILES.length];

        Distribution(Histogram h) {
            count = h.getTotalCount();
            totalNanos = count == 0 ? 0 : h.getMean() * count;
            maxNanos = count == 0 ? 0 : h.getMaxValue();
            for (int i = 0; i < PERCENTILES.length; i++) {
                percentileNanos[i] = count == 0 ? 0 : h.getValueAtPercentile(PERCENTILES[i] * 100);
            }
        }
    }

    /** @return the names of the meters this binder registers for a group that records latency; for tests and docs */
    static List<String> names() {
        return List.of("rampart.slot.state", "rampart.slot.backlog", "rampart.slot.stalled", "rampart.slot.handled",
                "rampart.slot.failures", "rampart.slot.restarts", "rampart.slot.ring.full", "rampart.group.dead.letters",
                "rampart.group.asks.in.flight", "rampart.group.ask.timeouts", "rampart.slot.queue.wait",
                "rampart.slot.queue.wait.max", "rampart.slot.queue.wait.percentile", "rampart.slot.service.time",
                "rampart.slot.service.time.max", "rampart.slot.service.time.percentile");
    }
}
