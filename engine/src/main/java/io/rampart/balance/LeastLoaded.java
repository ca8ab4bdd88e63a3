package io.rampart.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Scans every slot's backlog. The scan starts at a random slot and keeps the first minimum it
 * meets, so equal backlogs (typically all zero) are shared instead of all landing on slot 0.
 */
final class LeastLoaded implements LoadBalancer {
    @Override
    public int select(Object message, Slots slots) {
        int n = slots.size();
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        int best = -1;
        long bestBacklog = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int s = start + i < n ? start + i : start + i - n;
            if (slots.isRunning(s)) {
                long b = slots.backlog(s);
                if (b < bestBacklog) {
                    bestBacklog = b;
                    best = s;
                    if (b == 0) {
                        break;
                    }
                }
            }
        }
        return best;
    }

    @Override
    public boolean spillsOver() {
        return true; // a spread, not an affinity: another running slot will do
    }
}
