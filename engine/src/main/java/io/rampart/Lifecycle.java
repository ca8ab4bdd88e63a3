package io.rampart;

/**
 * Hooks into a group's slots' lives. Every method has an empty default; override what you need.
 *
 * <p>Each hook runs on the slot's own consumer thread, so for one slot they come in this order:
 * {@code beforeStart → afterStart → (beforeRestart → afterRestart)* → afterStop}. Between slots
 * there is no order: each slot restarts on its own thread. A supervisor that restarts several
 * slots (one-for-all, rest-for-one) gives each of them {@code beforeRestart} with the cause of the
 * failure that triggered it; only the slot that failed gets the failing message, the others get
 * null. Siblings finish the message in hand before they restart. An exception thrown by a hook is
 * logged and ignored.
 *
 * <p>Where the sequence is cut short: a slot stopped for good during its backoff gets
 * {@code beforeRestart → afterStop} without {@code afterRestart}; a slot whose first handler
 * could not be made (so {@link Engine#start()} failed) gets only {@code beforeStart}; a slot the
 * engine gave up on at its close deadline gets no {@code afterStop}.
 *
 * <pre>{@code
 * GroupSpec.builder("jobs", Job.class).handler(JobHandler::new)
 *     .lifecycle(new Lifecycle() {
 *         public void beforeRestart(String group, int slot, Throwable cause, Object message) {
 *             log.warn("{}[{}] restarting after {} on {}", group, slot, cause, message);
 *         }
 *     })
 * }</pre>
 */
public interface Lifecycle {
    /**
     * Before the slot makes its first handler.
     *
     * @param group the group's name
     * @param slot  the slot's index
     */
    default void beforeStart(String group, int slot) {
    }

    /**
     * After the first handler is made, before the slot takes messages.
     *
     * @param group the group's name
     * @param slot  the slot's index
     */
    default void afterStart(String group, int slot) {
    }

    /**
     * When the slot starts restarting, before its backoff.
     *
     * @param group          the group's name
     * @param slot           the slot's index
     * @param cause          the failure that triggered the restart
     * @param failingMessage the message whose handling failed, if this slot failed; else null
     */
    default void beforeRestart(String group, int slot, Throwable cause, Object failingMessage) {
    }

    /**
     * After the new handler is made, before the slot takes messages again.
     *
     * @param group the group's name
     * @param slot  the slot's index
     */
    default void afterRestart(String group, int slot) {
    }

    /**
     * After the slot stopped: for good (restart policy, intensity past the root) or at engine close.
     *
     * @param group the group's name
     * @param slot  the slot's index
     */
    default void afterStop(String group, int slot) {
    }
}
