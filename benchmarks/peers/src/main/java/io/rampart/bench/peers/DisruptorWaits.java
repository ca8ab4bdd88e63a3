package io.rampart.bench.peers;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * Disruptor wait strategies by the names used in {@code @Param} values.
 *
 * <p>The like-for-like peers of Rampart's default {@code backoffThenPark} (spin, yield, then park until a producer
 * signals; producers signal only when the consumer may sleep) are the Disruptor's own strategies of that shape
 * (see {@code RampartEngines} for the pairing):
 * <ul>
 * <li>"phasedLite": {@code PhasedBackoffWaitStrategy.withLiteLock(spin, yield, unit)}, whose javadoc says it
 *     "spins, then yields, then waits using the configured fallback WaitStrategy", here
 *     {@code LiteBlockingWaitStrategy}. The Disruptor documents no default timeouts; {@link #PHASED_SPIN} and
 *     {@link #PHASED_YIELD} are set to the length of Rampart's phases on this project's 2-core VM (timed there:
 *     100 {@code onSpinWait}s took about 2 us, 100 {@code Thread.yield()}s about 150-170 us), so both spin,
 *     yield and then block for about as long. Its spin loop reads the clock only every 10,000 tries, so it spins
 *     for at least 10,000 tries whatever the timeout.</li>
 * <li>"liteBlocking": {@code LiteBlockingWaitStrategy} alone, the "variation of the BlockingWaitStrategy that
 *     attempts to elide conditional wake-ups when the lock is uncontended" (its javadoc): a publish takes the lock
 *     only when a consumer announced that it waits, as Rampart's producer unparks only a parked consumer. It
 *     blocks at once, without Rampart's spin and yield phases.</li>
 * </ul>
 * "blocking" ({@code BlockingWaitStrategy}) takes a lock and signals on every publish whether or not anyone waits:
 * it stays as an extra row, never as Rampart's pair.
 *
 * <p>"busySpin" exists only on explicit request (e.g. {@code -p system=disruptor-single-busySpin}): with 2 cores,
 * a busy-spinning consumer plus a spinning caller already takes the whole machine, so no default parameter list
 * names it.
 */
public final class DisruptorWaits {
    /** Spin phase of "phasedLite", in microseconds: about Rampart's 100 spins. */
    public static final long PHASED_SPIN = 2;
    /** Yield phase of "phasedLite" (after the spin phase), in microseconds: about Rampart's 100 yields. */
    public static final long PHASED_YIELD = 150;

    private DisruptorWaits() {
    }

    /** The wait strategy called {@code name}: yielding, sleeping, phasedLite, liteBlocking, blocking or busySpin. */
    public static WaitStrategy named(String name) {
        switch (name) {
            case "yielding":
                return new YieldingWaitStrategy();
            case "sleeping":
                return new SleepingWaitStrategy();
            case "phasedLite":
                return PhasedBackoffWaitStrategy.withLiteLock(PHASED_SPIN, PHASED_YIELD, TimeUnit.MICROSECONDS);
            case "liteBlocking":
                return new LiteBlockingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "busySpin":
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy: " + name
                        + " (yielding, sleeping, phasedLite, liteBlocking, blocking, busySpin)");
        }
    }

    /** How the report words the wait strategy called {@code name}. */
    public static String describe(String name) {
        switch (name) {
            case "phasedLite":
                return "phasedLite: PhasedBackoffWaitStrategy.withLiteLock(" + PHASED_SPIN + " us spin, " + PHASED_YIELD
                        + " us yield)";
            case "liteBlocking":
                return "liteBlocking: LiteBlockingWaitStrategy";
            case "blocking":
                return "blocking: BlockingWaitStrategy (lock + signal on every publish; extra row, not a pair)";
            default:
                return name;
        }
    }
}
