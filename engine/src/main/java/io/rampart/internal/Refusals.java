package io.rampart.internal;

import io.rampart.Backpressure;
import io.rampart.DeadLetter;
import io.rampart.EngineClosedException;
import io.rampart.GroupSpec;
import io.rampart.GroupRemovedException;
import io.rampart.GroupStoppedException;
import io.rampart.RampartException;
import io.rampart.RingFullException;
import io.rampart.SlotUnavailableException;

/**
 * Every way a group refuses a send, worded in one place: a full ring (thrown, or dead-lettered
 * under the deadLetter policy), no slot that can take it, the group stopped for good (with the
 * reason, which this class keeps), the engine closed.
 */
final class Refusals {
    private final Core core;
    private final GroupSpec<?, ?> spec;
    private final Backpressure backpressure;
    /** Why the group stopped for good, or null while it has not. */
    private volatile String stoppedReason;
    /**
     * Set once the group is removed from its engine. Read only where a send is refused (a closed ring,
     * no running slot, a stopped group), never on the path of an accepted send.
     */
    private volatile boolean removed;

    Refusals(Core core, GroupSpec<?, ?> spec) {
        this.core = core;
        this.spec = spec;
        this.backpressure = spec.backpressure();
    }

    /**
     * The group stops for good: sends fail with the first reason given from now on. Synchronized so
     * that exactly one caller learns it stopped the group (and reports it), when the last slot's stop
     * and supervision's give-up race.
     *
     * @return true for the call that stopped the group, false if it was stopped already
     */
    synchronized boolean stop(String reason) {
        if (stoppedReason == null) {
            stoppedReason = reason;
            return true;
        }
        return false;
    }

    /**
     * The group is removed from its engine: stopped for good, and its refusals are
     * {@link GroupRemovedException}s from now on. Set before its rings close, so a sender that finds
     * a ring closed finds the group removed too.
     */
    synchronized void remove() {
        removed = true;
        if (stoppedReason == null) {
            stoppedReason = "it was removed from engine '" + core.engineName() + "'";
        }
    }

    /** @return why the group stopped for good, or null */
    String stoppedReason() {
        return stoppedReason;
    }

    /** A tell that found its ring full: dead-lettered under the deadLetter policy, else refused. */
    void rejectFull(Slot slot, Object message, Object correlation) {
        RingFullException full = refuseFull(slot, message, correlation);
        if (!backpressure.deadLettersRefusals()) {
            throw full;
        }
    }

    /** The refusal of a message whose ring is full; under the deadLetter policy the message goes there too. */
    RingFullException refuseFull(Slot slot, Object message, Object correlation) {
        RingFullException full = ringFull(slot, correlation);
        if (backpressure.deadLettersRefusals()) {
            core.deadLetters().send(spec.name(), slot.index, DeadLetter.Reason.RING_FULL, message, full, correlation);
        }
        return full;
    }

    private RingFullException ringFull(Slot slot, Object correlation) {
        slot.refusedFull();
        JfrEvents.ringFull(core.engineName(), spec.name(), slot.index, spec.ringSize(), backpressure.refusal(), correlation);
        return new RingFullException(spec.name(), slot.index, spec.ringSize(), backpressure.refusal());
    }

    void checkNotStopped() {
        String stopped = stoppedReason;
        if (stopped != null) {
            throw stopped(stopped);
        }
    }

    /** The refusal of a group stopped for good: removed, or stopped by supervision with {@code reason}. */
    private GroupStoppedException stopped(String reason) {
        return removed ? new GroupRemovedException(core.engineName(), spec.name())
                : new GroupStoppedException(spec.name(), reason);
    }

    EngineClosedException closed() {
        return core.closedFor(spec.name());
    }

    /** No slot of {@code set} (the members the send routed on) could take the message. */
    RampartException unavailable(SlotSet set) {
        String stopped = stoppedReason;
        if (stopped != null) {
            return stopped(stopped);
        }
        StringBuilder states = new StringBuilder();
        for (Slot s : set.slots) {
            states.append(states.length() == 0 ? "" : ", ").append(s.index).append('=').append(s.state());
        }
        return new SlotUnavailableException("no running slot in group '" + spec.name() + "' can take the message ("
                + states + ")");
    }

    /**
     * A send addressed to a slot index that a resize removed (or removed while the send claimed): not
     * bad input, a race with the resize; the message was not accepted.
     */
    SlotUnavailableException removed(int index, SlotSet now) {
        return new SlotUnavailableException("slot " + index + " of group '" + spec.name() + "' was removed by a resize:"
                + " the group has " + now.slots.length + " slot" + (now.slots.length == 1 ? "" : "s") + " now (0.."
                + (now.slots.length - 1) + "); the message was not accepted");
    }

    /** A send addressed to a slot that stopped for good (or is otherwise out of the group's rotation). */
    SlotUnavailableException slotStopped(Slot slot) {
        return new SlotUnavailableException("slot " + slot.index + " of group '" + spec.name() + "' is " + slot.state()
                + " and cannot take a message addressed to it");
    }
}
