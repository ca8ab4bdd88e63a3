package io.rampart;

/** Where a slot is in its life. Load balancers route only to {@link #RUNNING} slots. */
public enum SlotState {
    /** Built, its thread not started yet. */
    NEW,
    /** Taking messages. */
    RUNNING,
    /** Its handler failed; it waits out a backoff and gets a fresh handler. Its queue is kept. */
    RESTARTING,
    /** Stopped for good (restart limit, or the engine closed). */
    STOPPED
}
