package io.rampart.balance;

import java.util.concurrent.ThreadLocalRandom;

/** A uniformly random running slot; probes onward from the draw when the drawn slot is not running. */
final class RandomChoice implements LoadBalancer {
    @Override
    public int select(Object message, Slots slots) {
        int n = slots.size();
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int s = start + i < n ? start + i : start + i - n;
            if (slots.isRunning(s)) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public boolean spillsOver() {
        return true; // a spread, not an affinity: another running slot will do
    }
}
