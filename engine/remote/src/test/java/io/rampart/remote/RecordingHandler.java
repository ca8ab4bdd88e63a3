package io.rampart.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records every dispatched frame as a line, so a test can say exactly what got through. Not final: a test overrides
 * one method to throw.
 */
class RecordingHandler implements FrameHandler {
    final List<String> events = new ArrayList<>();
    final List<Object> messages = new ArrayList<>();

    @Override
    public void onHello(int sessionId, int peer, int helloTag) {
        events.add("HELLO session=" + sessionId + " peer=" + peer);
    }

    @Override
    public void onTell(int peer, WireGroup group, int slot, boolean everyone, Object message) {
        events.add("TELL peer=" + peer + " group=" + group.name() + slot(slot) + " everyone=" + everyone + " "
                + show(message));
        messages.add(message);
    }

    @Override
    public void onAsk(int peer, WireGroup group, int slot, boolean everyone, long correlationId, Object message) {
        events.add("ASK peer=" + peer + " group=" + group.name() + slot(slot) + " everyone=" + everyone
                + " id=" + correlationId
                + " " + show(message));
        messages.add(message);
    }

    @Override
    public void onReply(int peer, WireGroup group, long correlationId, Object answer) {
        events.add("REPLY peer=" + peer + " group=" + group.name() + " id=" + correlationId + " " + show(answer));
        messages.add(answer);
    }

    @Override
    public void onFailure(int peer, WireGroup group, long correlationId, int reasonCode, String message) {
        events.add("FAILURE peer=" + peer + " group=" + group.name() + " id=" + correlationId + " code=" + reasonCode
                + " " + message);
    }

    @Override
    public void onHeartbeat(int peer, long tellsAccepted, boolean authenticated, int helloTag) {
        events.add("HEARTBEAT peer=" + peer + (tellsAccepted != 0 || authenticated
                ? " tells=" + tellsAccepted + " authenticated=" + authenticated + " tag=" + Integer.toHexString(helloTag)
                : ""));
    }

    /** Nothing for a frame to any slot, so that the events of frames without one read as before. */
    private static String slot(int slot) {
        return slot == FrameHeader.ANY_SLOT ? "" : " slot=" + slot;
    }

    @Override
    public void onSlotStates(int peer, WireGroup group, SlotStates states) {
        StringBuilder s = new StringBuilder("SLOT_STATE peer=" + peer + " group=" + group.name());
        for (int i = 0; i < states.count(); i++) {
            s.append(' ').append(states.state(i)).append('/').append(states.backlog(i));
        }
        events.add(s.toString());
    }

    private static String show(Object message) {
        return message instanceof byte[] ? Arrays.toString((byte[]) message) : String.valueOf(message);
    }
}
