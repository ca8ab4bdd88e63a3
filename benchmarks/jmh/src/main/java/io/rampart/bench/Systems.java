package io.rampart.bench;

import io.rampart.bench.report.Compared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The systems one workload's benchmark can run, by the value of its {@code @Param system}: how to make each, and
 * how the report describes it.
 *
 * <p>A value names a system and, where the system has several, its configuration, joined by '-':
 * {@code rampart-backoffThenPark}, {@code disruptor-single-blocking}, {@code agrona-yielding}, or just
 * {@code pekko}. One parameter rather than a system parameter beside a wait-strategy parameter, because JMH runs
 * the product of its parameters and most products would be meaningless ({@code pekko} has no wait strategy,
 * the Disruptor's {@code blocking} is not one of Rampart's): every value is a configuration that exists, and a
 * run picks any set of them with one {@code -p system=a,b,c}. Pairing two configurations for a comparison is the
 * report's business ({@code Targets}), by these values.
 *
 * <p>Values added with {@link #add} are the benchmark's defaults and must be exactly its {@code @Param} list, in
 * order (a test checks it); values added with {@link #onRequest} run only when named with {@code -p} (busy-spin
 * waits, which on 2 cores starve the other threads).
 *
 * @param <S> the benchmark's subject type
 */
final class Systems<S> {
    /** {@link #add} or {@link #onRequest}, for helpers that add either way. */
    @FunctionalInterface
    interface Adder<S> {
        /** Adds {@code value}; see {@link #add}. */
        Systems<S> add(String value, String system, String configuration, String threads, String waits,
                       Supplier<S> factory);
    }

    private record Entry<S>(Compared compared, Supplier<S> factory, boolean byDefault) {
    }

    private final String workload;
    private final Map<String, Entry<S>> entries = new LinkedHashMap<>();

    /** An empty list of the systems that run {@code workload} (one of {@link Workloads}). */
    Systems(String workload) {
        this.workload = workload;
    }

    /** Adds {@code value}, run by default, made by {@code factory}; the rest is how the report describes it. */
    Systems<S> add(String value, String system, String configuration, String threads, String waits,
                   Supplier<S> factory) {
        return put(value, new Entry<>(new Compared(workload, system, configuration, threads, waits), factory, true));
    }

    /** As {@link #add}, for a value that runs only when named with {@code -p system=...}. */
    Systems<S> onRequest(String value, String system, String configuration, String threads, String waits,
                         Supplier<S> factory) {
        return put(value, new Entry<>(new Compared(workload, system, configuration, threads, waits), factory, false));
    }

    private Systems<S> put(String value, Entry<S> entry) {
        if (entries.putIfAbsent(value, entry) != null) {
            throw new IllegalArgumentException("system " + value + " added twice");
        }
        return this;
    }

    /** A new subject for {@code value}, not yet measured; fails on an unknown value, naming the known ones. */
    S create(String value) {
        Entry<S> entry = entries.get(value);
        if (entry == null) {
            throw new IllegalArgumentException("unknown system " + value + " for \"" + workload + "\"; known: "
                    + entries.keySet());
        }
        return entry.factory().get();
    }

    /** How the report describes {@code value}, or empty for a value this workload does not have. */
    Optional<Compared> describe(String value) {
        Entry<S> entry = value == null ? null : entries.get(value);
        return entry == null ? Optional.empty() : Optional.of(entry.compared());
    }

    /** The values run by default, in order: the benchmark's {@code @Param} list. */
    List<String> defaults() {
        List<String> values = new ArrayList<>();
        entries.forEach((value, entry) -> {
            if (entry.byDefault()) {
                values.add(value);
            }
        });
        return values;
    }

    /** Every value, defaults first in their order. */
    List<String> all() {
        return new ArrayList<>(entries.keySet());
    }
}
