package io.rampart;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An ask got no answer within its timeout. Its future fails with this exception. */
public final class AskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an ask that got no answer in time.
     *
     * @param group the group asked
     * @param slot the slot that had the ask
     * @param timeoutNanos the timeout that passed, in nanoseconds
     */
    public AskTimeoutException(String group, int slot, long timeoutNanos) {
        super("ask to group '" + group + "' slot " + slot + " timed out after "
                + Duration.ofNanos(timeoutNanos));
    }
}
