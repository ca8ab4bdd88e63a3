package io.rampart;

/**
 * Which slots a supervisor restarts when one of its slots fails (or a child supervisor gives up),
 * as in Erlang/OTP.
 */
public enum SupervisionStrategy {
    /** Restart only the failed slot. */
    ONE_FOR_ONE,
    /** Restart every slot of every group under the supervisor, its child supervisors included. */
    ONE_FOR_ALL,
    /**
     * Restart the failed slot, the later slots of its group, and every group and child supervisor
     * added to the supervisor after that group.
     */
    REST_FOR_ONE
}
