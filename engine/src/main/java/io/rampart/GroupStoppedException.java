package io.rampart;

/**
 * A group stopped for good: its supervisor gave up (restart intensity exceeded past the root) or
 * every slot's restart policy ran out. Sends to it fail with this, and so do its pending asks.
 *
 * <p>Not final since 0.2.0: {@link GroupRemovedException}, the refusal of a group removed from its
 * engine at run time ({@link Engine#removeGroup(String)}), is a kind of it, so code that handles a
 * stopped group handles a removed one too.
 */
public class GroupStoppedException extends RampartException {
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
