package io.rampart;

/**
 * The engine was shut down: thrown by a send after {@link Engine#close()}, and the failure of an
 * ask that was still unanswered when the engine finished stopping.
 */
public final class EngineClosedException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a call on a closed engine.
     *
     * @param message what was refused
     */
    public EngineClosedException(String message) {
        super(message);
    }
}
