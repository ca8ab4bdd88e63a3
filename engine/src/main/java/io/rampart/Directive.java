package io.rampart;

/**
 * What a group does with its handler's failure on a message, in OTP's and Pekko's vocabulary. A
 * group's {@link FailureDecider} chooses one per failure; the default is {@link #RESTART}.
 *
 * <p>Whatever the directive, the failing message is accounted for: retried (under {@code RESTART}
 * only, up to {@link GroupSpec.Builder#retries(int)}), or settled: its ask fails with the handler's
 * exception, or a tell goes to dead letters as {@link DeadLetter.Reason#HANDLER_FAILED}.
 */
public enum Directive {
    /**
     * Keep the handler and its state; settle the failing message and go on with the next one. No
     * restart, no backoff, nothing counted against the restart policy or the supervisors' intensity.
     * For a message the handler cannot take (malformed, of the wrong type) while the handler is fine.
     */
    RESUME,
    /**
     * Replace the handler in place, after the group's backoff, as its supervisor's strategy says (the
     * default): the restart policy and the supervisors' intensities apply.
     */
    RESTART,
    /**
     * Stop this slot for good: its queue moves in order to one running slot of the group (as when its
     * restart policy is used up); the group stops once none of its slots runs.
     */
    STOP,
    /**
     * The failure is more than the group's supervisor may handle: the supervisor fails in turn, and
     * its parent decides by its own strategy (it restarts the supervisor's whole subtree). Under the
     * root, the group stops for good, as when the root's intensity is exceeded.
     */
    ESCALATE
}
