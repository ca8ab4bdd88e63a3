package io.rampart.bench.peers;

import com.lmax.disruptor.EventFactory;

/** A preallocated ring entry carrying one long, so ring benchmarks measure hand-off rather than allocation. */
public final class LongEvent {
    /** Creates the ring's entries up front. */
    public static final EventFactory<LongEvent> FACTORY = LongEvent::new;

    /** The message; a sequence number or an echoed payload. */
    public long value;
}
