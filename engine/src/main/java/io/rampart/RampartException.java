package io.rampart;

/** Base of the exceptions Rampart raises for a send it cannot accept or an ask it cannot answer. */
public class RampartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the group and limit involved */
    public RampartException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RampartException(String message, Throwable cause) {
        super(message, cause);
    }
}
