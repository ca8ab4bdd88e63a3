package io.rampart.bench;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Agrona idle strategies by the names used in {@code @Param} values; a new instance per call, since an idle
 * strategy keeps per-thread state.
 */
public final class AgronaIdles {
    private AgronaIdles() {
    }

    /** The idle strategy called {@code name}: yielding, backoff (Agrona's defaults) or sleeping. */
    public static IdleStrategy named(String name) {
        switch (name) {
            case "yielding":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy();
            case "sleeping":
                return new SleepingIdleStrategy();
            default:
                throw new IllegalArgumentException("unknown idle strategy: " + name);
        }
    }
}
