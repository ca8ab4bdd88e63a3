package io.rampart.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A slot's restart requests and grants, as generations that only move forward.
 *
 * <p>The supervisor {@link #request() requests} a restart (under its lock: one writer), and the grant
 * for generation {@code g} arrives later from the scheduler's thread once the backoff has passed, or
 * at once from the supervisor's. Two grants can race (a late grant of an older generation against a
 * new one); {@link #grant(long)} keeps the larger, so a grant never moves backwards and a slot never
 * waits for a restart that was already granted. {@code RestartGenerationsStress} in the jcstress
 * suite checks it.
 */
public final class RestartGenerations {
    private static final VarHandle GRANTED;

    static {
        try {
            GRANTED = MethodHandles.lookup().findVarHandle(RestartGenerations.class, "granted", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long requested;
    @SuppressWarnings("unused")
    private volatile long granted;

    /** Supervisor, under its lock: a new restart generation. */
    public long request() {
        long g = requested + 1;
        requested = g;
        return g;
    }

    /** Any thread: generation {@code g} may run now. Keeps the largest grant. */
    public void grant(long g) {
        long current;
        do {
            current = granted;
            if (g <= current) {
                return;
            }
        } while (!GRANTED.compareAndSet(this, current, g));
    }

    public long requested() {
        return requested;
    }

    public long granted() {
        return granted;
    }
}
