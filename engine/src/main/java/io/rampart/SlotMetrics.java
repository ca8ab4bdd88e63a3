package io.rampart;

import org.HdrHistogram.Histogram;

/**
 * A snapshot of one slot's metrics, part of a {@link GroupMetrics} from {@link Engine#metrics()}.
 * Counters count since the engine was built; none is ever reset.
 *
 * <p>The latency histograms are present only for groups built with
 * {@link GroupSpec.Builder#recordLatency(boolean) recordLatency(true)}; they are <b>cumulative</b>
 * (every value since the slot started), in nanoseconds, kept to two significant digits, and values
 * above one minute are counted as one minute. Each accessor returns a fresh copy, so the snapshot
 * stays as it was taken.
 *
 * <pre>{@code
 * SlotMetrics s = engine.metrics("orders").slots().get(0);
 * Histogram wait = s.queueWait();   // null unless recordLatency(true)
 * if (wait != null) log.info("p99 queue wait {} ns", wait.getValueAtPercentile(99));
 * }</pre>
 *
 * @param group            the group's name
 * @param slot             the slot's index
 * @param state            its state when read
 * @param backlog          messages queued, the one being handled included
 * @param handled          messages its handlers finished without throwing
 * @param failures         times its handlers (or its handler factory, at a restart) threw
 * @param restarts         times it got a new handler after a failure
 * @param ringFullRefusals sends refused because this slot's ring was full: thrown
 *                         ({@link RingFullException}), failed (an ask's future) or dead-lettered, as a
 *                         {@code rampart.RingFull} JFR event records them; a {@code tryTellOne} that
 *                         returns false is not counted
 * @param stalled          whether its handler has been busy on one message past the group's stall
 *                         threshold
 * @param queueWait        publish-to-dequeue times of the messages it took (each message once, not
 *                         its retries), or null when the group does not record latency
 * @param serviceTime      handler run times (every run, failed ones and retries included), or null
 *                         when the group does not record latency
 */
public record SlotMetrics(String group, int slot, SlotState state, long backlog, long handled, long failures,
                          long restarts, long ringFullRefusals, boolean stalled, Histogram queueWait,
                          Histogram serviceTime) {

    /**
     * Copies the histograms, so the snapshot cannot be changed through the arguments.
     *
     * @param group            the group's name
     * @param slot             the slot's index
     * @param state            its state when read
     * @param backlog          messages queued
     * @param handled          messages handled
     * @param failures         handler failures
     * @param restarts         restarts
     * @param ringFullRefusals ring-full refusals
     * @param stalled          whether stalled
     * @param queueWait        queue-wait histogram, or null
     * @param serviceTime      service-time histogram, or null
     */
    public SlotMetrics {
        queueWait = queueWait == null ? null : queueWait.copy();
        serviceTime = serviceTime == null ? null : serviceTime.copy();
    }

    /** @return a copy of the queue-wait histogram (nanoseconds), or null when latency is not recorded */
    @Override
    public Histogram queueWait() {
        return queueWait == null ? null : queueWait.copy();
    }

    /** @return a copy of the service-time histogram (nanoseconds), or null when latency is not recorded */
    @Override
    public Histogram serviceTime() {
        return serviceTime == null ? null : serviceTime.copy();
    }

    /** @return whether this slot's group records latency (the histograms are present) */
    public boolean recordsLatency() {
        return queueWait != null;
    }
}
