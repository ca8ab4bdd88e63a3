package io.rampart.remote;

import java.util.ArrayList;
import java.util.List;

/** Records every refusal as a line. */
final class RecordingListener implements RejectionListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onRejected(int sessionId, Rejection reason) {
        events.add(reason + " session=" + sessionId);
    }

    @Override
    public void onHelloRefused(int sessionId, int claimedNode, HelloRefusal reason) {
        events.add("HELLO refused " + reason + " session=" + sessionId + " node=" + claimedNode);
    }
}
