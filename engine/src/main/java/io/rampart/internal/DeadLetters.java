package io.rampart.internal;

import io.rampart.DeadLetter;
import io.rampart.DeadLetterListener;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's dead-letter outlet: counts every dead letter, hands it to the user's listener, and,
 * without a listener, logs the first few so a flood does not drown the log.
 */
public final class DeadLetters {
    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());
    static final int LOGGED_WITHOUT_LISTENER = 10;

    private final String engine;
    private final DeadLetterListener listener;
    private final LongAdder count = new LongAdder();
    /** Per group, by {@link DeadLetter.Reason#ordinal()}: counted on the dead-letter path only. */
    private final Map<String, AtomicLongArray> byGroup = new ConcurrentHashMap<>();
    private static final DeadLetter.Reason[] REASONS = DeadLetter.Reason.values();

    public DeadLetters(String engine, DeadLetterListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    public void send(String group, int slot, DeadLetter.Reason reason, Object message, Throwable cause) {
        send(group, slot, reason, message, cause, null);
    }

    public void send(String group, int slot, DeadLetter.Reason reason, Object message, Throwable cause,
                     Object correlation) {
        count.increment();
        byGroup.computeIfAbsent(group, g -> new AtomicLongArray(REASONS.length)).incrementAndGet(reason.ordinal());
        DeadLetter dl = new DeadLetter(engine, group, slot, reason, message, cause, correlation);
        if (listener == null) {
            long n = count.sum();
            if (n <= LOGGED_WITHOUT_LISTENER) {
                LOG.log(Level.WARNING, () -> "dead letter" + (n == LOGGED_WITHOUT_LISTENER
                        ? " (further ones are counted, not logged; install a DeadLetterListener)" : "")
                        + ": " + dl, cause);
            }
            return;
        }
        try {
            listener.onDeadLetter(dl);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "dead letter listener of engine '" + engine + "' threw on " + dl, e);
        }
    }

    public void late(String group, int slot, Object answer) {
        send(group, slot, DeadLetter.Reason.LATE_REPLY, answer, answer instanceof Throwable t ? t : null);
    }

    public long count() {
        return count.sum();
    }

    /** @return the group's dead letters by reason so far, every reason present */
    public Map<DeadLetter.Reason, Long> countsFor(String group) {
        AtomicLongArray counts = byGroup.get(group);
        Map<DeadLetter.Reason, Long> out = new EnumMap<>(DeadLetter.Reason.class);
        for (DeadLetter.Reason r : REASONS) {
            out.put(r, counts == null ? 0L : counts.get(r.ordinal()));
        }
        return out;
    }
}
