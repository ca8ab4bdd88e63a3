package io.rampart;

/**
 * No slot of a group could take a message: every slot is restarting or stopped. Also the failure
 * of an {@link Distributor#askEveryone(Object)} future for a slot that is not running.
 */
public final class SlotUnavailableException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a send that found no slot to take it.
     *
     * @param message why no slot could take it
     */
    public SlotUnavailableException(String message) {
        super(message);
    }
}
