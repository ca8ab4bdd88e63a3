package io.rampart;

/**
 * Whether a failed slot is restarted. Chosen per group; default {@link #always()}.
 *
 * <p>A slot that is not restarted stops for good: it hands its queued messages to the group's other
 * running slots (or to dead letters if none is left), and once every slot of a group has stopped,
 * sends to the group fail with {@link GroupStoppedException}.
 */
public final class RestartPolicy {
    private static final RestartPolicy ALWAYS = new RestartPolicy(Integer.MAX_VALUE);
    private static final RestartPolicy NEVER = new RestartPolicy(0);

    private final int maxRestarts;

    private RestartPolicy(int maxRestarts) {
        this.maxRestarts = maxRestarts;
    }

    /** @return restart after every failure */
    public static RestartPolicy always() {
        return ALWAYS;
    }

    /** @return never restart: the first failure stops the slot */
    public static RestartPolicy never() {
        return NEVER;
    }

    /**
     * Restart at most {@code n} times over the slot's life; the failure after the n-th restart stops it.
     *
     * @param n restarts allowed; at least 0
     * @return the policy
     */
    public static RestartPolicy tries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("restart tries must be at least 0, was " + n);
        }
        return new RestartPolicy(n);
    }

    /** @return the most restarts a slot gets ({@link Integer#MAX_VALUE}: unlimited) */
    public int maxRestarts() {
        return maxRestarts;
    }

    @Override
    public String toString() {
        return maxRestarts == Integer.MAX_VALUE ? "always" : maxRestarts == 0 ? "never" : "tries(" + maxRestarts + ")";
    }
}
