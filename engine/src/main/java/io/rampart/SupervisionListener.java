package io.rampart;

/**
 * Receives an engine's {@link SupervisionEvent}s: restarts, escalations, groups stopped, slots
 * abandoned at close, slots stalled and recovered. Installed with
 * {@link Engine.Builder#supervisionEvents(SupervisionListener)}, beside the dead-letter listener.
 *
 * <p><b>Thread.</b> Called on the thread where the event happened, after supervision has decided and
 * released its lock: a failing slot's own thread for {@link SupervisionEvent.Restart},
 * {@link SupervisionEvent.Escalation} and {@link SupervisionEvent.GroupStopped}; the thread that runs
 * the engine's {@link Scheduler} tasks (the engine's own scheduler thread, unless one was given) for
 * {@link SupervisionEvent.SlotStalled} and {@link SupervisionEvent.SlotRecovered}; the thread
 * that called {@code close()} for {@link SupervisionEvent.SlotAbandoned}. Events from different threads
 * may arrive concurrently, so the listener must be thread-safe, and quick: while it runs on a slot's
 * thread, that slot handles nothing.
 *
 * <p><b>Failures.</b> An exception (or error) the listener throws is logged at ERROR by the logger
 * {@code io.rampart.internal.SupervisionEvents} and swallowed: supervision goes on as if the listener
 * had returned, and later events are still delivered.
 *
 * <p><b>Re-entry.</b> The listener may call the engine, including {@code close()}: on an engine thread
 * {@code close()} starts the shutdown and returns at once (a thread cannot wait for itself).
 */
@FunctionalInterface
public interface SupervisionListener {
    /** @param event what supervision did or saw */
    void onEvent(SupervisionEvent event);
}
