package io.rampart;

/**
 * Opt-in batch callbacks for a {@link Handler}: a handler that also implements this interface is
 * told when a batch of messages starts, can ask {@link Context#endOfBatch()} whether a message is the
 * last of it, and hears when its ring runs dry. The Disruptor's main lever: costly work (a flush, an
 * fsync, a network write) done once per batch instead of once per message. A handler that does not
 * implement it pays nothing for any of this.
 *
 * <p>A <b>batch</b> is what the slot finds published in its ring when it takes the next message: the
 * run of consecutive published entries from there, counted by reading the entries themselves (never
 * the producers' claim counter, which every send updates). Messages are still handed over and
 * committed one at a time (a failure never replays an earlier message of the batch), and messages
 * published while the batch runs belong to the next one.
 *
 * <pre>{@code
 * final class Journal implements Handler<Entry>, BatchAware {
 *     public void handle(Entry e, Context ctx) throws IOException {
 *         channel.write(e.bytes());
 *         pending.add(ctx.defer());              // answer only once forced
 *         if (ctx.endOfBatch()) flush();         // one force per batch
 *     }
 *     public void onIdle() throws IOException { flush(); }
 * }
 * }</pre>
 *
 * <p>A callback that throws is a failure of the handler like one in {@link Handler#handle}: the
 * group's failure decider chooses the directive (the failing message is null), and under
 * {@code RESTART} the slot restarts its handler; no message is lost or replayed by it.
 */
public interface BatchAware {
    /**
     * A batch starts with the next message.
     *
     * @param size how many messages it holds: published and visible to this slot now, at least 1
     * @throws Exception a failure of the handler
     */
    default void onBatchStart(long size) throws Exception {
    }

    /**
     * The ring ran dry: called once after the last message of a busy spell, before the slot's wait
     * strategy starts to wait (flush, heartbeat). Also after a message that was not handed to the
     * handler (an ask given up in the ring) ended a batch.
     *
     * @throws Exception a failure of the handler
     */
    default void onIdle() throws Exception {
    }
}
