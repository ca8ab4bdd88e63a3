package io.rampart.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Two distinct random slots, the less loaded wins (Mitzenmacher's "power of two choices": max load
 * falls from O(log n / log log n) to O(log log n) against one random choice). Falls back to a scan
 * when neither drawn slot is running.
 */
final class PowerOfTwoChoices implements LoadBalancer {
    @Override
    public int select(Object message, Slots slots) {
        int n = slots.size();
        if (n == 1) {
            return slots.isRunning(0) ? 0 : -1;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        boolean aUp = slots.isRunning(a);
        boolean bUp = slots.isRunning(b);
        if (aUp && bUp) {
            return slots.backlog(b) < slots.backlog(a) ? b : a;
        }
        if (aUp) {
            return a;
        }
        if (bUp) {
            return b;
        }
        for (int s = 0; s < n; s++) {
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
