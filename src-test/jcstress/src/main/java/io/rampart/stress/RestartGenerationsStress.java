package io.rampart.stress;

import io.rampart.internal.RestartGenerations;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link RestartGenerations#grant(long)}: restart grants only move forward.
 *
 * <p>A slot's restart for generation {@code g} is granted from the scheduler's thread once the backoff
 * has passed, or at once from the supervisor's. A late grant of an older generation can race a grant
 * of a newer one. If the older one won, the slot would wait for a restart that was already granted:
 * a slot stuck in RESTARTING with its queue growing until a later failure happens to request again.
 */
public class RestartGenerationsStress {

    /** Two grants race; whatever the order, the larger one stays. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "The newer grant stays, whichever CAS ran first.")
    @Outcome(id = "1", expect = FORBIDDEN,
            desc = "Grant moved backwards: the older grant overwrote the newer one; the slot waits for a restart already granted.")
    @Outcome(expect = FORBIDDEN, desc = "A grant was lost or invented.")
    @State
    public static class GrantKeepsTheLargest {
        final RestartGenerations generations = new RestartGenerations();

        @Actor
        public void lateGrantOfOlder() {
            generations.grant(1);
        }

        @Actor
        public void grantOfNewer() {
            generations.grant(2);
        }

        @Arbiter
        public void arbiter(J_Result r) {
            r.r1 = generations.granted();
        }
    }

    /**
     * A reader never sees {@code granted} decrease: the newer granter reads its own grant back, the older
     * granter reads twice in a row, and the arbiter reads last.
     */
    @JCStressTest
    @Outcome(id = "2, 1, 1, 2", expect = ACCEPTABLE, desc = "Older grant and both of its reads ran before the newer grant.")
    @Outcome(id = "2, 1, 2, 2", expect = ACCEPTABLE,
            desc = "The newer grant landed between the older granter's two reads.")
    @Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "The older granter saw the newer grant already in place.")
    @Outcome(id = "2, 2, 1, 2", expect = FORBIDDEN, desc = "A reader saw granted go from 2 back to 1.")
    @Outcome(expect = FORBIDDEN, desc = "Granted moved backwards, or a granter did not see its own grant.")
    @State
    public static class GrantNeverMovesBackwards {
        final RestartGenerations generations = new RestartGenerations();

        @Actor
        public void grantNewerThenRead(JJJJ_Result r) {
            generations.grant(2);
            r.r1 = generations.granted();
        }

        @Actor
        public void grantOlderThenReadTwice(JJJJ_Result r) {
            generations.grant(1);
            r.r2 = generations.granted();
            r.r3 = generations.granted();
        }

        @Arbiter
        public void arbiter(JJJJ_Result r) {
            r.r4 = generations.granted();
        }
    }
}
