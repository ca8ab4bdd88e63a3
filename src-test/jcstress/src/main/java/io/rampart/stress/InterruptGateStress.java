package io.rampart.stress;

import io.rampart.internal.InterruptGate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link InterruptGate}, which confines the stall watch's interrupt to the handler call it found
 * stalled. The consumer runs the handler on message 5, then starts message 6; the watch, which saw
 * the slot stuck at 5, interrupts it at the same time. The interrupt target is a flag standing in
 * for the thread's interrupt status. Results: (the consumer's exit from message 5 saw the interrupt,
 * message 6 started with the interrupt status set, the watch reported it interrupted).
 */
@JCStressTest
@Outcome(id = "false, false, false", expect = ACCEPTABLE,
        desc = "The call on 5 returned (or had not begun) before the watch's CAS: nothing is interrupted.")
@Outcome(id = "true, false, true", expect = ACCEPTABLE,
        desc = "Interrupted inside the call on 5; cleared at its exit, before message 6.")
@Outcome(id = ".*, true, .*", expect = FORBIDDEN, desc = "An interrupt left over for message 6.")
@Outcome(id = "true, false, false", expect = FORBIDDEN, desc = "The consumer saw an interrupt the watch never sent.")
@Outcome(id = "false, false, true", expect = FORBIDDEN,
        desc = "The watch reports an interrupt the consumer's exit never saw (and so never cleared).")
@State
public class InterruptGateStress {
    /** The thread's interrupt status, as the gate's target sees it. */
    volatile boolean status;

    final InterruptGate gate = new InterruptGate(new InterruptGate.Target() {
        @Override
        public void interrupt() {
            status = true;
        }

        @Override
        public void clear() {
            status = false;
        }
    });

    @Actor
    public void consumer(ZZZ_Result r) {
        gate.enter(5);
        r.r1 = gate.exit(5);
        gate.enter(6);
        r.r2 = status; // what message 6's handler would see
        gate.exit(6);
    }

    @Actor
    public void watch(ZZZ_Result r) {
        r.r3 = gate.interrupt(5);
    }
}
