package io.rampart.internal;

import io.rampart.DeadLetter;
import io.rampart.DeadLetterListener;
import java.lang.System.Logger.Level;
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

    public DeadLetters(String engine, DeadLetterListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    public void send(String group, int slot, DeadLetter.Reason reason, Object message, Throwable cause) {
        count.increment();
        DeadLetter dl = new DeadLetter(engine, group, slot, reason, message, cause);
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
}
