package io.rampart;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one group's metrics, from {@link Engine#metrics(String)} or {@link Engine#metrics()}:
 * its slots, its dead letters by reason, and its asks. Immutable; counters count since the engine was
 * built.
 *
 * <pre>{@code
 * GroupMetrics m = engine.metrics("orders");
 * long handled = m.slots().stream().mapToLong(SlotMetrics::handled).sum();
 * long full = m.deadLetters(DeadLetter.Reason.RING_FULL);
 * }</pre>
 *
 * @param group        the group's name
 * @param slots        one entry per slot, by index
 * @param deadLetters  dead letters of this group by reason, every reason present (0 if none)
 * @param asksInFlight future asks ({@code askOne}, {@code askTo}, {@code askEveryone}) sent to the
 *                     group and not yet complete, as the engine's ask timer counted them at its last
 *                     tick (at most one tick old); synchronous asks ({@code askOneSync}) wait in their
 *                     callers' threads and are not counted
 * @param askTimeouts  asks of this group that timed out ({@link AskTimeoutException}), synchronous
 *                     ones included
 */
public record GroupMetrics(String group, List<SlotMetrics> slots, Map<DeadLetter.Reason, Long> deadLetters,
                           long asksInFlight, long askTimeouts) {

    /**
     * Copies the lists and maps given.
     *
     * @param group        the group's name
     * @param slots        one entry per slot
     * @param deadLetters  dead letters by reason; missing reasons count 0
     * @param asksInFlight future asks in flight
     * @param askTimeouts  ask timeouts
     */
    public GroupMetrics {
        Objects.requireNonNull(group, "group");
        slots = List.copyOf(slots);
        Map<DeadLetter.Reason, Long> all = new EnumMap<>(DeadLetter.Reason.class);
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            all.put(r, deadLetters.getOrDefault(r, 0L));
        }
        deadLetters = Collections.unmodifiableMap(all);
    }

    /**
     * @param reason a reason
     * @return how many of this group's dead letters had it
     */
    public long deadLetters(DeadLetter.Reason reason) {
        return deadLetters.get(reason);
    }

    /** @return every dead letter of this group, whatever the reason */
    public long deadLettersTotal() {
        long n = 0;
        for (long v : deadLetters.values()) {
            n += v;
        }
        return n;
    }

    /** @return messages handled by the group's slots, summed */
    public long handled() {
        long n = 0;
        for (SlotMetrics s : slots) {
            n += s.handled();
        }
        return n;
    }
}
