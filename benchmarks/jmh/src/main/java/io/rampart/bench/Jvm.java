package io.rampart.bench;

/**
 * JVM flags every benchmark fork runs with, as compile-time constants so they can sit in {@code @Fork}.
 *
 * <p>The heap is fixed so that a tell benchmark's backlog (an unbounded mailbox or executor queue can hold a
 * whole batch) never triggers a resize mid-measurement, and so every system gets the same memory.
 */
public final class Jvm {
    /** Agrona 2.6 on Java 17 reaches into {@code jdk.internal.misc} for its buffers and array queues. */
    public static final String ADD_OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Initial heap, equal to the maximum so the heap never resizes during a run. */
    public static final String HEAP_MIN = "-Xms2g";
    /** Maximum heap; a 1M-message backlog of boxed tasks fits comfortably. */
    public static final String HEAP_MAX = "-Xmx2g";

    private Jvm() {
    }
}
