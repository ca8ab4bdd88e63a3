package io.rampart.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One step of a load run: a fixed target rate held for a number of seconds, of one kind: {@code warmup}
 * (not reported), {@code fixed} (a common load every variant is driven at), {@code sweep} (a rising rate
 * that looks for the saturation knee) or {@code faults} (a fixed rate while the server is told to fail: see
 * {@link OpenLoopSimulation}).
 *
 * @param kind {@code warmup}, {@code fixed}, {@code sweep} or {@code faults}
 * @param ratePerSec the target request rate, requests (= virtual users) started per second
 * @param seconds how long the rate is held
 */
public record StepSpec(String kind, int ratePerSec, int seconds) {
    /** Checks the fields; see the record's description. */
    public StepSpec {
        if (!kind.equals("warmup") && !kind.equals("fixed") && !kind.equals("sweep") && !kind.equals("faults")) {
            throw new IllegalArgumentException("a step's kind must be warmup, fixed, sweep or faults, was '" + kind
                    + "'");
        }
        if (ratePerSec < 1 || seconds < 1) {
            throw new IllegalArgumentException("a step needs a rate >= 1/s and >= 1 s, was " + ratePerSec + "/s for "
                    + seconds + " s");
        }
    }

    /**
     * @param index the step's position in its run, which makes the name unique
     * @return the step's name, e.g. {@code sweep-4000-3}: Gatling's scenario name for it
     */
    public String name(int index) {
        return String.format(Locale.ROOT, "%s-%d-%d", kind, ratePerSec, index);
    }

    /**
     * Parses a comma-separated list of {@code kind:rate:seconds}, e.g. {@code warmup:500:5,sweep:1000:4}.
     *
     * @param text the list
     * @return the steps, in order
     * @throws IllegalArgumentException naming the item that is not of that form
     */
    public static List<StepSpec> parseList(String text) {
        List<StepSpec> steps = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a step is kind:rate:seconds, was '" + s + "'");
            }
            try {
                steps.add(new StepSpec(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a step's rate and seconds are integers, was '" + s + "'", e);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no steps in '" + text + "'");
        }
        return steps;
    }
}
