package io.rampart.bench.load;

import java.util.Comparator;
import java.util.List;

/**
 * A variant's saturation knee: the highest target rate of its sweep that is sustained ({@link Criteria}) with
 * every lower rate of the sweep sustained too. Steps are taken in increasing target rate; the first step that is
 * not sustained ends the search, so a lucky step above a failed one does not raise the knee.
 *
 * @param knee the highest sustained step below the first unsustained one, or null if the lowest rate already
 *             failed (or the sweep is empty)
 * @param firstFailure the first unsustained step, or null if every step was sustained (the knee is then only a
 *                     lower bound: the sweep did not reach saturation)
 * @param why why {@code firstFailure} is not sustained, or null
 */
public record Knee(StepResult knee, StepResult firstFailure, String why) {

    /**
     * @param sweep the sweep's steps, in any order
     * @param criteria what a sustained step is
     * @return the knee
     */
    public static Knee find(List<StepResult> sweep, Criteria criteria) {
        StepResult last = null;
        for (StepResult step : sweep.stream().sorted(Comparator.comparingInt(StepResult::targetPerSec)).toList()) {
            String why = criteria.failure(step);
            if (why != null) {
                return new Knee(last, step, why);
            }
            last = step;
        }
        return new Knee(last, null, null);
    }

    /** @return whether the sweep reached a rate it could not sustain */
    public boolean saturated() {
        return firstFailure != null;
    }

    /** @return the knee's target rate, 0 if there is none */
    public int ratePerSec() {
        return knee == null ? 0 : knee.targetPerSec();
    }
}
