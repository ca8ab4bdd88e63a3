package io.rampart;

/**
 * A group stopped for good: its supervisor gave up (restart intensity exceeded past the root) or
 * every slot's restart policy ran out. Sends to it fail with this, and so do its pending asks.
 */
public final class GroupStoppedException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a send to a stopped group.
     *
     * @param group the group
     * @param reason why it stopped
     */
    public GroupStoppedException(String group, String reason) {
        super("group '" + group + "' is stopped: " + reason);
    }
}
