package io.rampart.bench.peers;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Disruptor wait strategies by the names used in {@code @Param} values.
 *
 * <p>"busySpin" exists only on explicit request (e.g. {@code -p system=disruptor-single-busySpin}): with 2 cores,
 * a busy-spinning consumer plus a spinning caller already takes the whole machine, so no default parameter list
 * names it.
 */
public final class DisruptorWaits {
    private DisruptorWaits() {
    }

    /** The wait strategy called {@code name}: yielding, sleeping, blocking or busySpin. */
    public static WaitStrategy named(String name) {
        switch (name) {
            case "yielding":
                return new YieldingWaitStrategy();
            case "sleeping":
                return new SleepingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "busySpin":
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy: " + name);
        }
    }
}
