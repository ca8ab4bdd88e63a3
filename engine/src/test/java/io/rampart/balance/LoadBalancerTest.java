package io.rampart.balance;

import io.rampart.SlotState;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancerTest {

    @Test
    void roundRobinRotatesExactly() {
        LoadBalancer rr = LoadBalancer.roundRobin();
        FakeSlots slots = new FakeSlots(3);
        int[] picks = new int[9];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rr.select("m", slots);
        }
        assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
    }

    @Test
    void roundRobinSharesEvenlyAmongTheRunningSlots() {
        LoadBalancer rr = LoadBalancer.roundRobin();
        FakeSlots slots = new FakeSlots(3);
        slots.states[1] = SlotState.RESTARTING;
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            counts[rr.select("m", slots)]++;
        }
        assertThat(counts).containsExactly(1500, 0, 1500);
        slots.states[0] = SlotState.STOPPED;
        slots.states[2] = SlotState.STOPPED;
        assertThat(rr.select("m", slots)).isEqualTo(-1);
    }

    @Test
    void roundRobinIsExactWithConcurrentSenders() throws Exception {
        LoadBalancer rr = LoadBalancer.roundRobin();
        FakeSlots slots = new FakeSlots(4);
        AtomicIntegerArray counts = new AtomicIntegerArray(4);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] senders = new Thread[2];
        for (int t = 0; t < senders.length; t++) {
            senders[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int[] local = new int[4];
                for (int i = 0; i < 500_000; i++) {
                    local[rr.select("m", slots)]++;
                }
                for (int s = 0; s < 4; s++) {
                    counts.addAndGet(s, local[s]);
                }
            });
            senders[t].start();
        }
        go.countDown();
        for (Thread t : senders) {
            t.join();
        }
        for (int s = 0; s < 4; s++) {
            assertThat(counts.get(s)).as("slot %d", s).isEqualTo(250_000);
        }
    }

    @Test
    void leastLoadedPicksTheShortestBacklogAmongRunningSlots() {
        LoadBalancer ll = LoadBalancer.leastLoaded();
        FakeSlots slots = new FakeSlots(4);
        slots.backlogs[0] = 5;
        slots.backlogs[1] = 3;
        slots.backlogs[2] = 0;
        slots.backlogs[3] = 7;
        slots.states[2] = SlotState.RESTARTING;
        for (int i = 0; i < 100; i++) {
            assertThat(ll.select("m", slots)).isEqualTo(1);
        }
    }

    @Test
    void leastLoadedSharesTiesInsteadOfPilingOnSlotZero() {
        LoadBalancer ll = LoadBalancer.leastLoaded();
        FakeSlots slots = new FakeSlots(4);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[ll.select("m", slots)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(700, 1300);
        }
    }

    @Test
    void powerOfTwoChoicesTakesTheLessLoadedAndSkipsStoppedSlots() {
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
        FakeSlots two = new FakeSlots(2);
        two.backlogs[0] = 9;
        two.backlogs[1] = 1;
        for (int i = 0; i < 100; i++) {
            assertThat(p2c.select("m", two)).isEqualTo(1);
        }
        FakeSlots four = new FakeSlots(4);
        four.states[0] = SlotState.STOPPED;
        four.states[1] = SlotState.STOPPED;
        four.states[3] = SlotState.RESTARTING;
        for (int i = 0; i < 100; i++) {
            assertThat(p2c.select("m", four)).isEqualTo(2);
        }
        four.states[2] = SlotState.STOPPED;
        assertThat(p2c.select("m", four)).isEqualTo(-1);
    }

    @Test
    void randomNeverPicksASlotThatIsNotRunning() {
        LoadBalancer random = LoadBalancer.random();
        FakeSlots slots = new FakeSlots(5);
        slots.states[0] = SlotState.STOPPED;
        slots.states[3] = SlotState.RESTARTING;
        int[] counts = new int[5];
        for (int i = 0; i < 3000; i++) {
            counts[random.select("m", slots)]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[1] + counts[2] + counts[4]).isEqualTo(3000);
    }

    @Test
    void consistentHashKeepsKeysOnTheirSlotAndMovesOnlyTheKeysOfAStoppedSlot() {
        LoadBalancer ch = LoadBalancer.<String>consistentHash(s -> s.substring(0, s.indexOf(':')));
        FakeSlots slots = new FakeSlots(4);
        Map<String, Integer> home = new HashMap<>();
        int[] perSlot = new int[4];
        for (int k = 0; k < 10_000; k++) {
            String key = "user" + k;
            int s = ch.select(key + ":first", slots);
            home.put(key, s);
            perSlot[s]++;
            assertThat(ch.select(key + ":again", slots)).as("same key, same slot").isEqualTo(s);
        }
        for (int c : perSlot) {
            assertThat(c).as("keys per slot, 128 virtual nodes").isBetween(1500, 3500);
        }

        slots.states[2] = SlotState.RESTARTING;
        for (Map.Entry<String, Integer> e : home.entrySet()) {
            int now = ch.select(e.getKey() + ":x", slots);
            if (e.getValue() == 2) {
                assertThat(now).isNotEqualTo(2);
            } else {
                assertThat(now).as("a key of a running slot does not move").isEqualTo(e.getValue());
            }
        }
        slots.states[2] = SlotState.RUNNING;
        for (Map.Entry<String, Integer> e : home.entrySet()) {
            assertThat(ch.select(e.getKey() + ":y", slots)).isEqualTo(e.getValue());
        }
    }
}
