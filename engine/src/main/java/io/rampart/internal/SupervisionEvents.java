package io.rampart.internal;

import io.rampart.SupervisionEvent;
import io.rampart.SupervisionListener;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The engine's outlet for supervision events: hands each to the user's listener (if any) and records
 * the ones JFR has a type for ({@link JfrEvents}). The callers emit after releasing any lock they
 * hold, so a listener may call back into the engine. A listener that throws is logged and swallowed:
 * supervision must go on whatever the listener does.
 */
public final class SupervisionEvents {
    private static final System.Logger LOG = System.getLogger(SupervisionEvents.class.getName());

    private final String engine;
    private final SupervisionListener listener;

    /**
     * @param engine   the engine's name
     * @param listener the user's listener, or null
     */
    public SupervisionEvents(String engine, SupervisionListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /** @return the engine's name, for the events' records */
    String engine() {
        return engine;
    }

    void emitAll(List<SupervisionEvent> events) {
        for (SupervisionEvent e : events) {
            emit(e);
        }
    }

    void emit(SupervisionEvent event) {
        JfrEvents.record(event);
        if (listener == null) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "supervision listener of engine '" + engine + "' threw on " + event, e);
        }
    }
}
