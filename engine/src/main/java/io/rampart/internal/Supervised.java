package io.rampart.internal;

import java.util.List;

/**
 * A member of the supervision tree: a group (a leaf) or a supervisor (its children, in order).
 * Sealed, so the tree holds nothing else and every walk over it is complete.
 */
public sealed interface Supervised permits Group, SupervisorNode {
    /** Adds every slot under this member to {@code out}, groups in order. */
    void collectSlots(List<Slot> out);

    /** Adds every group under this member to {@code out}, in order. */
    void collectGroups(List<Group> out);

    /** @return "group 'x'" or "supervisor 'y'", for logs */
    String describe();
}
