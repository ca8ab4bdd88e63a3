package io.rampart;

/**
 * The group was removed from its engine ({@link Engine#removeGroup(String)} or
 * {@link Engine#removeSupervisor(String)}): every send through a {@link Distributor} still held for
 * it fails with this, and so does an ask it refuses. A removed group never comes back: a group added
 * later under the same name is another group, with another distributor.
 *
 * <p>A {@link GroupStoppedException}, because a removed group is stopped for good: code that already
 * handles a stopped group (stop sending, look the group up again, alert) handles a removed one
 * without change, and code that cares can tell the two apart by type.
 */
public final class GroupRemovedException extends GroupStoppedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a send to a removed group.
     *
     * @param engine the engine's name
     * @param group  the group's name
     */
    public GroupRemovedException(String engine, String group) {
        super(group, "it was removed from engine '" + engine + "'");
    }
}
