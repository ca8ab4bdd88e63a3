package io.rampart.balance;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistent hashing across a resize moves only the keys it must: growing moves only keys that now
 * map to the new slots, shrinking only the keys of the removed slots; one balancer serving sizes that
 * go up and down maps keys as a fresh balancer of each size does.
 */
class ConsistentHashResizeTest {
    private static final int KEYS = 10_000;

    private static int[] map(LoadBalancer b, int size) {
        FakeSlots view = new FakeSlots(size);
        int[] out = new int[KEYS];
        for (int k = 0; k < KEYS; k++) {
            out[k] = b.select("key-" + k, view);
        }
        return out;
    }

    @Test
    void growingMovesOnlyKeysToTheNewSlotsAndShrinkingOnlyKeysOfTheRemovedOnes() {
        LoadBalancer b = LoadBalancer.consistentHash(Function.identity());
        int[] four = map(b, 4);
        int[] six = map(b, 6);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            if (four[k] != six[k]) {
                moved++;
                assertThat(six[k]).as("key %d moved, so to a new slot", k).isIn(4, 5);
            }
        }
        // About 2/6 of the keys belong to the two new slots.
        assertThat(moved).isBetween(KEYS * 2 / 6 - 700, KEYS * 2 / 6 + 700);
        System.out.printf("consistent hash: 4 -> 6 slots moved %d of %d keys%n", moved, KEYS);

        int[] three = map(b, 3);
        int movedDown = 0;
        for (int k = 0; k < KEYS; k++) {
            if (six[k] != three[k]) {
                movedDown++;
                assertThat(six[k]).as("key %d moved, so it was on a removed slot", k).isIn(3, 4, 5);
            } else {
                assertThat(six[k]).isLessThan(3);
            }
        }
        assertThat(movedDown).isBetween(KEYS * 3 / 6 - 700, KEYS * 3 / 6 + 700);
        System.out.printf("consistent hash: 6 -> 3 slots moved %d of %d keys%n", movedDown, KEYS);

        // The same mapping as a balancer that only ever saw that size.
        assertThat(three).isEqualTo(map(LoadBalancer.consistentHash(Function.identity()), 3));
        assertThat(map(b, 4)).as("back to 4: every key where it was").isEqualTo(four);
    }
}
