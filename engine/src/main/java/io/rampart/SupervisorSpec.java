package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of a supervisor: a strategy, a restart intensity, and the groups and supervisors
 * under it, in the order they were added (which {@link SupervisionStrategy#REST_FOR_ONE} follows).
 *
 * <pre>{@code
 * SupervisorSpec payments = SupervisorSpec.builder("payments")
 *     .strategy(SupervisionStrategy.REST_FOR_ONE)
 *     .intensity(5, Duration.ofSeconds(10))   // more than 5 restarts in 10 s: escalate
 *     .group(ledger)                          // restarted with anything after it...
 *     .group(notifier)                        // ...so a ledger failure restarts the notifier too
 *     .build();
 * Engine.builder().supervisor(payments)...
 * }</pre>
 *
 * <h2>Restart intensity</h2>
 * As in OTP: when a supervisor has made more than {@code maxRestarts} restart decisions within
 * {@code within}, it gives up and escalates to its parent, which restarts the whole subtree under
 * it by the parent's own strategy (and counts that against its own intensity). Past the root, the
 * group (or the subtree) through which the escalation came stops for good: its queued messages go
 * to dead letters ({@link DeadLetter.Reason#GROUP_STOPPED}), its pending asks fail with
 * {@link GroupStoppedException}, and later sends are rejected with it. Without
 * {@link Builder#intensity(int, Duration)} a supervisor never gives up (the group's backoff still
 * paces the restarts).
 */
public final class SupervisorSpec {
    final String name;
    final SupervisionStrategy strategy;
    final int maxRestarts;
    final long withinNanos;
    /** {@link GroupSpec}s and {@link SupervisorSpec}s, in order. */
    final List<Object> children;

    private SupervisorSpec(Builder b) {
        this.name = b.name;
        this.strategy = b.strategy;
        this.maxRestarts = b.maxRestarts;
        this.withinNanos = b.withinNanos;
        this.children = List.copyOf(b.children);
    }

    /**
     * @param name the supervisor's name, unique in its engine
     * @return a builder
     */
    public static Builder builder(String name) {
        Objects.requireNonNull(name, "supervisor name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("supervisor name must not be blank");
        }
        return new Builder(name);
    }

    /** @return the supervisor's name */
    public String name() {
        return name;
    }

    /** Builds a {@link SupervisorSpec}. */
    public static final class Builder {
        private final String name;
        private SupervisionStrategy strategy = SupervisionStrategy.ONE_FOR_ONE;
        private int maxRestarts = -1;
        private long withinNanos;
        private final List<Object> children = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param strategy which slots restart together; default {@link SupervisionStrategy#ONE_FOR_ONE}
         * @return this builder
         */
        public Builder strategy(SupervisionStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, () -> "supervisor '" + name + "': strategy");
            return this;
        }

        /**
         * @param maxRestarts restart decisions allowed within the period; at least 0
         * @param within      the sliding period; positive
         * @return this builder
         */
        public Builder intensity(int maxRestarts, Duration within) {
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("supervisor '" + name + "': max restarts must be at least 0, was "
                        + maxRestarts);
            }
            Objects.requireNonNull(within, () -> "supervisor '" + name + "': intensity period");
            if (within.isNegative() || within.isZero()) {
                throw new IllegalArgumentException("supervisor '" + name + "': intensity period must be positive, was "
                        + within);
            }
            this.maxRestarts = maxRestarts;
            this.withinNanos = within.toNanos();
            return this;
        }

        /**
         * @param group a group to supervise
         * @return this builder
         */
        public Builder group(GroupSpec<?, ?> group) {
            children.add(Objects.requireNonNull(group, () -> "supervisor '" + name + "': group"));
            return this;
        }

        /**
         * @param child a supervisor to supervise
         * @return this builder
         */
        public Builder supervisor(SupervisorSpec child) {
            children.add(Objects.requireNonNull(child, () -> "supervisor '" + name + "': child supervisor"));
            return this;
        }

        /** @return the definition */
        public SupervisorSpec build() {
            return new SupervisorSpec(this);
        }
    }
}
