package io.rampart;

import java.util.List;
import java.util.Objects;

/**
 * Chooses the {@link Directive} for a handler's failure on a message: Pekko's {@code Decider}, per
 * group ({@link GroupSpec.Builder#onFailure(FailureDecider)}). It runs on the failing slot's thread,
 * before anything else happens to the message; it must be quick and must not block. If it throws or
 * returns null, the failure is handled as {@link Directive#RESTART} and the mistake logged.
 *
 * <p>A failing handler factory (at start or restart) is not a failure on a message: it is always
 * restarted with backoff, and the decider is not asked.
 *
 * <pre>{@code
 * GroupSpec.builder("orders", Order.class)
 *         .handler(OrderHandler::new)
 *         .onFailure(FailureDecider.resumeOn(IllegalArgumentException.class)) // bad order: drop it, keep the handler
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface FailureDecider {
    /**
     * @param failure what the handler threw
     * @param message the message it was handling
     * @return what to do; not null
     */
    Directive decide(Throwable failure, Object message);

    /** @return the default: restart on every failure */
    static FailureDecider alwaysRestart() {
        return (failure, message) -> Directive.RESTART;
    }

    /**
     * Resume (drop the message, keep the handler) when the failure is an instance of one of
     * {@code types}; restart otherwise.
     *
     * @param types the failures a handler survives; at least one
     * @return the decider
     */
    @SafeVarargs
    static FailureDecider resumeOn(Class<? extends Throwable>... types) {
        Objects.requireNonNull(types, "failure types");
        if (types.length == 0) {
            throw new IllegalArgumentException("resumeOn needs at least one failure type");
        }
        List<Class<? extends Throwable>> list = List.of(types); // throws NullPointerException on a null type
        return (failure, message) -> {
            for (Class<? extends Throwable> t : list) {
                if (t.isInstance(failure)) {
                    return Directive.RESUME;
                }
            }
            return Directive.RESTART;
        };
    }
}
