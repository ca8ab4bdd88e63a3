package io.rampart;

/**
 * A snapshot of one slot, from {@link Engine#slots()}.
 *
 * @param group    the group's name
 * @param slot     the slot's index
 * @param state    its state when read
 * @param backlog  messages queued, the one being handled included
 * @param handled  messages its handlers finished without throwing
 * @param failures times its handlers (or its handler factory, at a restart) threw
 * @param restarts times it got a new handler after a failure
 * @param stalled  whether its handler has been busy on one message past the group's stall threshold
 *                 ({@link GroupSpec.Builder#stallAfter}); always false without one
 */
public record SlotInfo(String group, int slot, SlotState state, long backlog, long handled, long failures,
                       long restarts, boolean stalled) {
}
