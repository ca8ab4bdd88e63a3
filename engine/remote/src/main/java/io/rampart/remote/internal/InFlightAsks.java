package io.rampart.remote.internal;

import io.rampart.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The remote asks in flight from one node, by correlation id, and the rule that completes each exactly once: whoever
 * removes an ask from the table completes it, and nobody else. Three parties race for an ask: the mirror that sent
 * it (when the send fails), the wire thread answering it (a REPLY or FAILURE), and the wire thread failing every ask
 * of a lost peer.
 *
 * <p>The race that matters is a send against a loss. The mirror {@linkplain #register registers} the ask (a
 * volatile write, the map's) and then reads the peer's liveness; the wire thread marks the peer down (a volatile
 * write) and then {@linkplain #failAll scans} the table. Each writes, then reads what the other wrote, so at least
 * one sees the other's write: either the mirror sees the peer down and takes its ask back, or the scan finds the ask
 * and fails it (or both, and {@code remove} lets one of them have it). What cannot happen is an ask left in the
 * table for a peer that is down, with nobody to fail it: jcstress {@code InFlightAsksStress} in {@code src-test}.
 *
 * <p>Not exported from the module: the node's internals, public for the jcstress suite on the class path.
 */
public final class InFlightAsks {

    /** Where an ask went. */
    public interface Target {
        /**
         * @return whether the peer is up now: a volatile read, after the ask was registered
         */
        boolean isUp();
    }

    /** One ask in flight: its answer channel and the peer it was sent to. */
    public record Entry(Reply reply, Target target) {
    }

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();

    /**
     * Registers an ask about to be sent to {@code target}, then looks at the target's liveness once more: if it is
     * down, the ask is not to be sent, and it is failed with {@code ifDown} once (here, or by a concurrent
     * {@link #failAll}, whichever removed it).
     *
     * @param id     the ask's correlation id, unique on this node
     * @param reply  its answer channel
     * @param target the peer it is for
     * @param ifDown the failure for an ask whose peer is down
     * @return the entry (send the ask), or null (the peer is down; the ask is failed)
     */
    public Entry register(long id, Reply reply, Target target, Supplier<? extends Throwable> ifDown) {
        Entry entry = new Entry(reply, target);
        byId.put(id, entry);
        if (!target.isUp()) {
            if (byId.remove(id, entry)) {
                reply.fail(ifDown.get());
            }
            return null;
        }
        return entry;
    }

    /**
     * Takes back an ask whose send failed.
     *
     * @param id    the ask's correlation id
     * @param entry what {@link #register} returned
     * @return true if this call took it (the caller completes it), false if a scan or an answer already did
     */
    public boolean withdraw(long id, Entry entry) {
        return byId.remove(id, entry);
    }

    /**
     * Takes the ask {@code id} for its answer, if it is still in flight and was sent to {@code from}.
     *
     * @param id   the correlation id the answer carries
     * @param from the peer the answer came from
     * @return its entry (the caller completes it), or null: already completed, unknown, or from another peer
     */
    public Entry answer(long id, Target from) {
        Entry entry = byId.get(id);
        if (entry == null || entry.target() != from || !byId.remove(id, entry)) {
            return null;
        }
        return entry;
    }

    /**
     * Takes every ask in flight to {@code target} (null: to every target) and hands each to {@code fail}; call it after
     * the target is marked down.
     *
     * @param target the lost peer, or null for all
     * @param fail   completes each ask taken (its id and entry)
     * @return how many this call took
     */
    public int failAll(Target target, BiConsumer<Long, Entry> fail) {
        int taken = 0;
        for (Map.Entry<Long, Entry> e : byId.entrySet()) {
            Entry entry = e.getValue();
            if ((target == null || entry.target() == target) && byId.remove(e.getKey(), entry)) {
                taken++;
                fail.accept(e.getKey(), entry);
            }
        }
        return taken;
    }

    /**
     * @param target a peer
     * @return the asks in flight to it
     */
    public int pending(Target target) {
        int n = 0;
        for (Entry entry : byId.values()) {
            if (entry.target() == target) {
                n++;
            }
        }
        return n;
    }

    /** @return every ask in flight */
    public int size() {
        return byId.size();
    }
}
