package io.rampart.balance;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * A hash ring with {@code virtualNodes} points per slot. A key goes to the first point at or after
 * its hash, clockwise; if that point's slot is not running it walks on to the next running slot's
 * point, so only the keys of a slot that is down move, and they come back when it runs again.
 *
 * <p>A slot's points depend only on its index, never on the group's size, so the ring of {@code n}
 * slots is the ring of {@code n + 1} without slot {@code n}'s points. One ring, built for the largest
 * size seen, serves every smaller size by passing over points of indices at or above it: after a
 * resize (which adds or removes the highest indices) a key moves only if its point belongs to an
 * added slot, or belonged to a removed one. The ring is rebuilt only when the group grows past every
 * size seen before (on the first send after that grow); two senders building it in a race build equal
 * rings, so the race is harmless, and a smaller ring never replaces a larger one for long: the next
 * send at the larger size builds it again.
 */
final class ConsistentHash<M> implements LoadBalancer {
    static final int DEFAULT_VIRTUAL_NODES = 128;

    private final Function<? super M, ?> key;
    private final int virtualNodes;
    private volatile Ring ring;

    ConsistentHash(Function<? super M, ?> key, int virtualNodes) {
        this.key = key;
        this.virtualNodes = virtualNodes;
    }

    private static final class Ring {
        final int slots;
        final long[] points;
        final int[] owners;

        Ring(int slots, int virtualNodes) {
            this.slots = slots;
            int total = slots * virtualNodes;
            long[] hashes = new long[total];
            for (int s = 0, k = 0; s < slots; s++) {
                for (int v = 0; v < virtualNodes; v++, k++) {
                    hashes[k] = mix(((long) s << 32) | v);
                }
            }
            // Sort points and carry owners along: sort indices by point.
            Integer[] order = new Integer[total];
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Long.compareUnsigned(hashes[x], hashes[y]));
            points = new long[total];
            owners = new int[total];
            for (int i = 0; i < total; i++) {
                points[i] = hashes[order[i]];
                owners[i] = order[i] / virtualNodes;
            }
        }
    }

    @Override
    public int select(Object message, Slots slots) {
        int n = slots.size();
        Ring r = ring;
        if (r == null || r.slots < n) {
            r = new Ring(n, virtualNodes);
            ring = r;
        }
        @SuppressWarnings("unchecked")
        Object k = key.apply((M) message);
        Objects.requireNonNull(k, "consistent hash key extractor returned null");
        long h = mix(k.hashCode());
        int i = firstAtOrAfter(r.points, h);
        for (int step = 0; step < r.points.length; step++) {
            int owner = r.owners[(i + step) % r.points.length];
            if (owner < n && slots.isRunning(owner)) { // a point of an index the group does not have now: pass over
                return owner;
            }
        }
        return -1;
    }

    /** Index of the first point >= h (unsigned), wrapping to 0 past the end. */
    private static int firstAtOrAfter(long[] points, long h) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads hashCode()s that differ in few bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
