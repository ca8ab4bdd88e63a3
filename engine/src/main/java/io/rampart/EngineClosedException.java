package io.rampart;

/**
 * The engine was shut down: thrown by a send after {@link Engine#close()}, and the failure of an
 * ask that was still unanswered when the engine finished stopping.
 */
public final class EngineClosedException extends RampartException {
    private static final long serialVersionUID = 1L;

    public EngineClosedException(String message) {
        super(message);
    }
}
