package io.rampart.bench;

import io.rampart.bench.peers.PekkoSystems;

/** How the report words the wait strategies named in {@code @Param system} values. */
final class Waits {
    private static final String RAMPART_DEFAULT = "backoffThenPark";

    private Waits() {
    }

    /** A Rampart slot consumer's wait, marking the engine's default. */
    static String rampartConsumer(String wait) {
        return "consumer: " + wait + (RAMPART_DEFAULT.equals(wait) ? " (default)" : "");
    }

    /** A Rampart slot's wait when it answers asks; the caller blocks in {@code CompletableFuture.get}. */
    static String rampartSlot(String wait) {
        return "slot: " + wait + (RAMPART_DEFAULT.equals(wait) ? " (default)" : "") + "; caller blocks in get";
    }

    /** A Pekko dispatcher's configuration and how its idle threads wait. */
    static String pekko(PekkoSystems.Tuning tuning) {
        return tuning.description() + (tuning == PekkoSystems.Tuning.LATENCY
                ? "; workers spin, yield, then park in short steps" : "; idle threads park");
    }

    /** Agrona's idle strategy, on both the consumer (queue empty) and the producers (queue full). */
    static String agrona(String idle) {
        return "Agrona idle strategy " + idle + ", consumer and producers";
    }
}
