package io.rampart.internal;

import io.rampart.EngineClosedException;
import io.rampart.Scheduler;

/**
 * What a group needs from its engine, and nothing more: the send gate, the clock, the ask timer,
 * dead letters, and the termination count. {@link EngineCore} implements it, so groups and slots
 * depend on this view and never on what runs the engine: no file below the engine's core reaches
 * back up to it.
 */
public interface Core {
    /** @return the engine's name, for errors and thread names */
    String engineName();

    /**
     * Throws unless the engine accepts sends: {@link IllegalStateException} before start,
     * {@link EngineClosedException} once closing.
     *
     * @param group the group sent to, for the message
     */
    void checkSending(String group);

    /** @return whether the engine is between start and shutdown */
    boolean isRunning();

    /**
     * @param group the group sent to
     * @return the refusal of a send to a closing engine
     */
    EngineClosedException closedFor(String group);

    /** @return the engine's clock (its {@link Scheduler}'s time) */
    long nanoTime();

    /** @param ask starts timing an ask */
    void track(Ask<?> ask);

    /** @return the engine's dead-letter outlet */
    DeadLetters deadLetters();

    /** @return the engine's supervision-event outlet (the listener and JFR) */
    SupervisionEvents supervisionEvents();

    /**
     * Starts the thread of a slot a resize adds, counted toward termination like the first ones.
     *
     * @param slot  the new slot
     * @param group its group's name, for the thread's name
     * @throws IllegalStateException before start; {@link EngineClosedException} once closing
     */
    void launchSlot(Slot slot, String group);

    /** @param slot a slot's thread is ending; the engine counts it toward termination */
    void slotExited(Slot slot);
}
