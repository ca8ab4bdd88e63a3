package io.rampart;

/**
 * A send found its slot's ring full and the group's {@link Backpressure} policy refused to wait
 * (fail fast) or waited out its bound. The message was not accepted: the caller still owns it.
 */
public final class RingFullException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a send refused by a full ring.
     *
     * @param group the group
     * @param slot the slot whose ring was full
     * @param capacity the ring's capacity
     * @param policy the backpressure policy that refused
     */
    public RingFullException(String group, int slot, int capacity, String policy) {
        super("ring of group '" + group + "' slot " + slot + " is full (" + capacity + " messages); "
                + policy);
    }
}
