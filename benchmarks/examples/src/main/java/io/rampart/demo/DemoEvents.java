package io.rampart.demo;

import io.rampart.DeadLetter;
import io.rampart.DeadLetterListener;
import io.rampart.SupervisionEvent;
import io.rampart.SupervisionListener;

import java.util.List;

/** The demo's listeners: each dead letter and supervision event as one line, kept for printing in order. */
final class DemoEvents {
    private DemoEvents() {
    }

    static DeadLetterListener deadLetters(List<String> out) {
        return (DeadLetter dl) -> out.add("dead letter: " + dl.reason() + " " + dl.group() + "[" + dl.slot() + "] '"
                + dl.message() + "' (" + dl.cause() + ")");
    }

    static SupervisionListener supervision(List<String> out) {
        return (SupervisionEvent e) -> {
            if (e instanceof SupervisionEvent.Restart r) {
                out.add("supervisor: " + r.group() + "[" + r.slot() + "] restarted in place after " + r.cause()
                        + " (backoff " + r.backoff().toMillis() + " ms)");
            } else {
                out.add("supervision event: " + e);
            }
        };
    }
}
