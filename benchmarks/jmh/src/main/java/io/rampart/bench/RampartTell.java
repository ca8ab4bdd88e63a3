package io.rampart.bench;

import io.rampart.BatchResult;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.RampartEngines;
import java.util.Collections;
import java.util.List;

/**
 * Rampart: one group of N slots whose handlers count every message into their slot's counter, sent with
 * {@code tellOne} (spread round robin when there are several slots), with {@code tellEveryone} (each message to
 * every slot), or with {@code tellBatch} (a list of messages per call, one ring claim per slot's share).
 *
 * <pre>
 * +-----------+ tellOne      +-----------+ claim/publish +==========+  wait  +---------------------------+
 * | producer  |------------&gt; | sequencer |-------------&gt; | slot 0   |&lt;-------| slot 0 consumer (counts)  |
 * | thread(s) | tellEveryone | (round    |               | ring 2^16|        +---------------------------+
 * +-----------+              |  robin)   |-------------&gt; | slot 1.. |&lt;-------| slot 1.. consumer (counts)|
 *                            +-----------+               +==========+        +---------------------------+
 * </pre>
 *
 * <p>Threads: one consumer per slot (the slot's thread) and the engine's ask-timer thread, which no tell wakes.
 * Wait strategy of the consumers: the one named (see {@link RampartEngines#waitStrategy(String)}, and there for
 * the Disruptor strategy each is paired with). A full ring makes the producer wait ({@code Backpressure.block});
 * the group uses the default load balancer (round robin), as a user's group would. At close, the engine must
 * have no dead letters.
 */
final class RampartTell implements TellSubject {
    private final Engine engine;
    private final Distributor<Object, Object> group;
    private final ConsumedCounter[] consumed;
    private final boolean everyone;
    /** Messages per {@code tellBatch} call; 0 for one {@code tellOne} (or tellEveryone) per message. */
    private final int batch;

    private RampartTell(String engineName, String waitStrategy, int slots, boolean everyone, int batch) {
        this.consumed = new ConsumedCounter[slots];
        this.engine = RampartEngines.counting(engineName, waitStrategy, consumed);
        this.group = RampartEngines.distributor(engine);
        this.everyone = everyone;
        this.batch = batch;
    }

    /** A started engine named {@code engineName} of {@code slots} slots, each message sent with tellOne. */
    static RampartTell tellOne(String engineName, String waitStrategy, int slots) {
        return new RampartTell(engineName, waitStrategy, slots, false, 0);
    }

    /**
     * As {@link #tellOne}, the messages sent {@code batch} at a time with {@code tellBatch} (one claim per slot
     * per call); a share a full ring refused is sent again, so every message is counted once.
     */
    static RampartTell tellBatch(String engineName, String waitStrategy, int slots, int batch) {
        return new RampartTell(engineName, waitStrategy, slots, false, batch);
    }

    /** As {@link #tellOne}, each message sent with tellEveryone, so every slot counts it. */
    static RampartTell tellEveryone(String engineName, String waitStrategy, int slots) {
        return new RampartTell(engineName, waitStrategy, slots, true, 0);
    }

    @Override
    public Sender sender() {
        Distributor<Object, Object> g = group;
        if (batch > 0) {
            List<Object> list = Collections.nCopies(batch, MESSAGE);
            return messages -> {
                for (int sent = 0; sent < messages; sent += batch) {
                    List<?> rest = messages - sent >= batch ? list : list.subList(0, messages - sent);
                    BatchResult r = g.tellBatch(rest);
                    while (!r.allAccepted()) { // refused only past the block bound: send what was refused again
                        r = g.tellBatch(r.refused());
                    }
                }
            };
        }
        if (!everyone) {
            return messages -> {
                for (int i = 0; i < messages; i++) {
                    g.tellOne(MESSAGE);
                }
            };
        }
        int slots = consumed.length;
        return messages -> {
            int reached = 0;
            for (int i = 0; i < messages / slots; i++) {
                reached += g.tellEveryone(MESSAGE);
            }
            if (reached != messages) { // each call must have reached every slot
                throw new IllegalStateException("tellEveryone reached " + reached + " slot deliveries, expected "
                        + messages);
            }
        };
    }

    @Override
    public long consumed() {
        return RampartEngines.consumed(consumed);
    }

    @Override
    public void checkNoFailure() {
        // A handler failure goes to the supervisor and its message to dead letters: close() checks those.
    }

    @Override
    public void close() {
        RampartEngines.closeChecked(engine);
    }
}
