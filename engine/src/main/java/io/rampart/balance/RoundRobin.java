package io.rampart.balance;

import com.lmax.disruptor.Sequence;

/**
 * One shared counter, incremented atomically, so concurrent senders never pick the same turn (the
 * race in bastion's round robin). Padded so it does not share a line with anything a consumer
 * writes. A slot that is not running forfeits its turn and the sender draws the next turn, so the
 * running slots keep sharing evenly (probing to the next slot instead would double its share).
 */
final class RoundRobin implements LoadBalancer {
    private final Sequence turn = new Sequence(0);

    @Override
    public int select(Object message, Slots slots) {
        int n = slots.size();
        if (n == 1) {
            return slots.isRunning(0) ? 0 : -1; // nothing to rotate: skip the shared counter's atomic
        }
        int s = 0;
        for (int draw = 0; draw < n; draw++) {
            s = (int) Long.remainderUnsigned(turn.getAndAdd(1), n);
            if (slots.isRunning(s)) {
                return s;
            }
        }
        // Concurrent senders interleave their draws, so n draws need not cover every slot: scan.
        for (int i = 1; i <= n; i++) {
            int t = s + i < n ? s + i : s + i - n;
            if (slots.isRunning(t)) {
                return t;
            }
        }
        return -1;
    }

    @Override
    public boolean spillsOver() {
        return true; // a spread, not an affinity: another running slot will do
    }
}
