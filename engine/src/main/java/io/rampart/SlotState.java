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
    STOPPED,
    /**
     * The engine's close deadline passed while this slot's handler was still running: the engine
     * stopped waiting for it and interrupted its thread. If the handler ever returns, the slot
     * dead-letters its queue ({@link DeadLetter.Reason#ENGINE_CLOSED}) and its thread ends.
     */
    ABANDONED
}
