package io.rampart.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Confines the stall watch's interrupt to the handler call it was meant for
 * ({@code GroupSpec.Builder.interruptWhenStalled}).
 *
 * <p>The trap it closes: the watch decides "slot stuck on message {@code s}" and calls
 * {@code Thread.interrupt()}, but between the decision and the call the handler returns and the
 * consumer starts message {@code s + 1}, whose handler then sees an interrupt meant for another
 * message (a database call on a healthy message fails, a lock wait aborts). So the interrupt is
 * delivered only through a CAS on one word that says which message the consumer is in:
 * <ul>
 *   <li>the consumer stores {@code s} before calling the handler and, when it returns, CASes
 *       {@code s} back to {@link #OUTSIDE};</li>
 *   <li>the watch interrupts only if its CAS from {@code s} to {@link #INTERRUPTING} wins, so the
 *       consumer is still inside that very call; it then delivers and stores {@link #INTERRUPTED};</li>
 *   <li>a consumer whose CAS lost waits the few instructions until {@link #INTERRUPTED}, then clears
 *       its thread's interrupt status before it touches another message.</li>
 * </ul>
 * Proven in jcstress ({@code InterruptGateStress}): an interrupt is never left over for the next
 * message, and one that the watch reports delivered is always seen by the consumer's exit.
 *
 * <p>Only groups that ask for interrupts pay for it: a volatile store and a CAS per message.
 */
public final class InterruptGate {
    /** Where the interrupt goes: the consumer's thread, or a stand-in in the stress tests. */
    public interface Target {
        /** Delivers the interrupt (the watch's thread). */
        void interrupt();

        /** Clears a delivered interrupt (the consumer's own thread). */
        void clear();
    }

    /** The consumer is not inside a handler call. */
    public static final long OUTSIDE = -1;
    /** The watch won its CAS and is delivering the interrupt. */
    public static final long INTERRUPTING = -2;
    /** The interrupt was delivered; the consumer must clear it at its exit. */
    public static final long INTERRUPTED = -3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(InterruptGate.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Target target;
    @SuppressWarnings("unused")
    private volatile long state = OUTSIDE;

    public InterruptGate(Target target) {
        this.target = target;
    }

    /** Consumer: about to call the handler on the message at {@code seq}. */
    public void enter(long seq) {
        state = seq;
    }

    /**
     * Consumer: the handler call on {@code seq} returned (or threw). Clears an interrupt the watch
     * delivered into that call, so it cannot reach the next message.
     *
     * @return whether the watch interrupted this call
     */
    public boolean exit(long seq) {
        if (STATE.compareAndSet(this, seq, OUTSIDE)) {
            return false;
        }
        while (state != INTERRUPTED) {
            Thread.onSpinWait(); // the watch is between its CAS and its store: a few instructions
        }
        target.clear();
        state = OUTSIDE;
        return true;
    }

    /**
     * The watch: interrupts the consumer if, and only if, it is still inside its handler call on
     * {@code seq}.
     *
     * @return whether it interrupted
     */
    public boolean interrupt(long seq) {
        if (seq < 0 || !STATE.compareAndSet(this, seq, INTERRUPTING)) {
            return false;
        }
        try {
            target.interrupt();
        } finally {
            state = INTERRUPTED; // even if delivery threw: the consumer must never wait forever
        }
        return true;
    }
}
