package io.rampart.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Both halves of the consumer's park/wake handshake, in one place.
 *
 * <p>The consumer {@link #arm() arms} the bell, then looks for work once more (the ring's claim
 * counter, see {@link SlotRing#claimedBeyond(long)}), and {@link #park() parks} only if it found
 * none; it {@link #disarm() disarms} when it is awake again. A producer claims (a volatile
 * read-modify-write of the ring's tail), publishes, then {@link #ring() rings}: it reads the flag and
 * unparks the consumer only if it is armed. This is Dekker's handshake: both sides write one
 * variable then read the other, all with volatile (sequentially consistent) accesses, so in every
 * execution either the consumer sees the claim and does not park, or the producer sees the flag and
 * unparks it. "The consumer parks with a message claimed and nobody to wake it" is the forbidden
 * outcome; {@code DoorbellStress} in the jcstress suite checks it.
 *
 * <p>The producer's side costs one plain read of a line the consumer writes only when it goes idle,
 * so a busy slot costs its producers nothing more.
 */
public final class Doorbell {
    private static final VarHandle ARMED;

    static {
        try {
            ARMED = MethodHandles.lookup().findVarHandle(Doorbell.class, "armed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while the consumer is parked or about to park. */
    @SuppressWarnings("unused")
    private volatile int armed;
    private volatile Thread consumer;

    /** The thread that parks here; set before it first parks. */
    public void bind(Thread consumer) {
        this.consumer = consumer;
    }

    /** Consumer: announce that it is about to park. A volatile write: it orders the re-check after it. */
    public void arm() {
        ARMED.setVolatile(this, 1);
    }

    /**
     * Consumer, armed, having re-checked and found nothing: park until a producer rings (or any other
     * unpark; callers loop). Clears a leftover interrupt first: {@code LockSupport.park} returns at
     * once while the flag is set, and a handler that restores an interrupt (the standard idiom)
     * would otherwise turn every idle wait into a spin.
     */
    public void park() {
        Thread.interrupted();
        LockSupport.park(this);
    }

    /** Consumer: awake again. */
    public void disarm() {
        ARMED.setOpaque(this, 0);
    }

    /** Producer, after publishing: wake the consumer if it is armed. */
    public void ring() {
        if (armed != 0 && ARMED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(consumer);
        }
    }

    /** Whether the consumer is armed (for tests). */
    public boolean isArmed() {
        return armed != 0;
    }
}
