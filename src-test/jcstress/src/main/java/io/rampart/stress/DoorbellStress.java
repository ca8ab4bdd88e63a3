package io.rampart.stress;

import io.rampart.internal.Delivery;
import io.rampart.internal.Doorbell;
import io.rampart.internal.Group;
import io.rampart.internal.Slot;
import io.rampart.internal.SlotRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link Doorbell} with {@link SlotRing#claimedBeyond(long)}: the consumer's park/wake handshake (Dekker).
 *
 * <p>The consumer arms the bell (a volatile store), then looks at the ring's claim counter once more
 * (behind a full fence) and would park only if it found nothing. A producer claims (a volatile CAS of
 * {@code tail}), fills and publishes the event, then {@link Doorbell#ring() rings}: it reads the flag and,
 * if armed, takes it (CAS to 0) and unparks the consumer. The bell is bound to no thread here, so the
 * unpark is {@code LockSupport.unpark(null)}, a no-op; whether the producer's ring took the wake is
 * read afterwards from the flag it clears.
 *
 * <p>Each side writes one variable and then reads the other's, so at least one must see the other's
 * write. If neither did, the consumer parks with a message published and nobody to wake it: the slot
 * hangs until an unrelated unpark (the next message, a restart request, close).
 */
public class DoorbellStress {

    @JCStressTest
    @Outcome(id = "true, true", expect = ACCEPTABLE,
            desc = "Consumer saw the claim and stays awake; the producer also saw it armed: one spare unpark.")
    @Outcome(id = "true, false", expect = ACCEPTABLE,
            desc = "Consumer saw the claim and stays awake; the producer rang before the bell was armed.")
    @Outcome(id = "false, true", expect = ACCEPTABLE,
            desc = "Consumer saw nothing and parks; the producer saw it armed and unparks it.")
    @Outcome(id = "false, false", expect = FORBIDDEN,
            desc = "Consumer parks with a message published and nobody to wake it.")
    @State
    public static class ArmVersusPublish {
        final SlotRing<Delivery> ring = new SlotRing<>(4, Delivery::new);
        final Doorbell bell = new Doorbell();

        /** {@code Slot.park(next)} with {@code next = 0}, up to the decision to park. */
        @Actor
        public void consumer(ZZ_Result r) {
            bell.arm();
            r.r1 = ring.claimedBeyond(0); // false: it would park now
        }

        /** {@code Group}'s tell path: claim, fill, publish, then {@code Slot.wakeIfParked()}. */
        @Actor
        public void producer() {
            long seq = ring.tryClaim();
            ring.claimed(seq).message = "message";
            ring.publish(seq);
            bell.ring();
        }

        /** The consumer never disarms here, so a disarmed bell means the producer's ring took the wake. */
        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r2 = !bell.isArmed();
        }
    }
}
