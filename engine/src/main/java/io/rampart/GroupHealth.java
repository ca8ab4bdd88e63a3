package io.rampart;

/**
 * A group's health, read by {@link Engine#health(String)}: whether it takes work at full strength,
 * at reduced strength, or not at all, and why.
 *
 * <p>It is read from each slot's state one after the other, not as an atomic snapshot: a slot may
 * restart between two reads. Use it for a health endpoint, not for routing.
 *
 * @param group  the group's name
 * @param status running, degraded or stopped
 * @param reason null when {@link Status#RUNNING}; otherwise which slots are not running and why (e.g.
 *               {@code slot 1 RESTARTING, slot 2 stalled}), or why the group stopped
 */
public record GroupHealth(String group, Status status, String reason) {

    /** A group's health, from best to worst. */
    public enum Status {
        /** Every slot is running and none is stalled. */
        RUNNING,
        /**
         * Some slot is not running (not started yet, restarting, stopped for good, abandoned) or is
         * stalled; the group takes work while at least one slot runs.
         */
        DEGRADED,
        /**
         * The group stopped for good (every slot stopped, or supervision gave up on it past the root),
         * or its engine is closed: sends to it are refused.
         */
        STOPPED
    }
}
