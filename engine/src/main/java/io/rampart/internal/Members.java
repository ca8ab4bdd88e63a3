package io.rampart.internal;

/**
 * What a {@link Sender} reads of its group: the current members, once per send. The group implements
 * it; the sender knows nothing else of the group (no file loop between the two).
 */
interface Members {
    /** @return the group's members now; an immutable set, replaced by a resize */
    SlotSet current();

    /** @return the largest number of slots the group has had (an index below it that is not a member was removed) */
    int largestSize();
}
