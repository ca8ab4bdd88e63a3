package io.rampart.remote;

import io.rampart.SlotState;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The SLOT_STATE payload, and a reusable view of a received one: per slot of a group, its state and its backlog, for
 * a sender's balancer to route around a slot that is restarting or full.
 *
 * <pre>
 * offset     size  field
 *      0        4  count           slots, 1 to MAX_SLOTS
 *      4 + 8i   1  state of slot i (a wire code below, not the enum's ordinal, so the enum may grow)
 *      5 + 8i   3  (reserved, 0)
 *      8 + 8i   4  backlog of slot i, 0 or more (a larger backlog is sent as Integer.MAX_VALUE)
 * </pre>
 *
 * <p>A view is {@link #wrap wrapped} over a payload only after the payload passed {@link #wrap}'s checks, so its
 * getters never meet a bad value. It is valid during the dispatch that hands it out; the reader reuses it.
 */
final class SlotStates {
    static final int MAX_SLOTS = 1024;
    static final int COUNT_LENGTH = 4;
    static final int ENTRY_LENGTH = 8;

    private DirectBuffer buffer;
    private int offset;
    private int count;

    static int lengthFor(int count) {
        return COUNT_LENGTH + ENTRY_LENGTH * count;
    }

    /**
     * Writes the payload for {@code count} slots at {@code offset}.
     *
     * @return the bytes written
     */
    static int write(MutableDirectBuffer buffer, int offset, SlotState[] states, long[] backlogs, int count) {
        if (count < 1 || count > MAX_SLOTS || count > states.length || count > backlogs.length) {
            throw new IllegalArgumentException("slot count must be 1 to " + MAX_SLOTS
                    + " and within both arrays, was " + count);
        }
        buffer.putInt(offset, count, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            int at = offset + COUNT_LENGTH + ENTRY_LENGTH * i;
            buffer.putInt(at, code(states[i]) & 0xFF, ByteOrder.LITTLE_ENDIAN); // the code, then 3 zero bytes
            int backlog = (int) Math.min(Math.max(backlogs[i], 0), Integer.MAX_VALUE);
            buffer.putInt(at + 4, backlog, ByteOrder.LITTLE_ENDIAN);
        }
        return lengthFor(count);
    }

    /**
     * Checks the {@code length}-byte payload at {@code offset} and, when it is valid, points this view at it.
     *
     * @return whether the payload is valid: a count within 1 to {@link #MAX_SLOTS}, a length that matches it, known
     *         states and backlogs of 0 or more
     */
    boolean wrap(DirectBuffer buffer, int offset, int length) {
        if (length < COUNT_LENGTH) {
            return false;
        }
        int n = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
        if (n < 1 || n > MAX_SLOTS || length != lengthFor(n)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int at = offset + COUNT_LENGTH + ENTRY_LENGTH * i;
            if (fromCode(buffer.getByte(at)) == null || buffer.getInt(at + 4, ByteOrder.LITTLE_ENDIAN) < 0) {
                return false;
            }
        }
        this.buffer = buffer;
        this.offset = offset;
        this.count = n;
        return true;
    }

    int count() {
        return count;
    }

    SlotState state(int slot) {
        return fromCode(buffer.getByte(entry(slot)));
    }

    int backlog(int slot) {
        return buffer.getInt(entry(slot) + 4, ByteOrder.LITTLE_ENDIAN);
    }

    private int entry(int slot) {
        if (slot < 0 || slot >= count) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + count);
        }
        return offset + COUNT_LENGTH + ENTRY_LENGTH * slot;
    }

    /** The wire code of a state: fixed here, so that reordering or extending {@link SlotState} changes no frame. */
    static byte code(SlotState state) {
        switch (state) {
            case NEW:
                return 1;
            case RUNNING:
                return 2;
            case RESTARTING:
                return 3;
            case STOPPED:
                return 4;
            case ABANDONED:
                return 5;
            default:
                throw new IllegalArgumentException("no wire code for " + state);
        }
    }

    static SlotState fromCode(byte code) {
        switch (code) {
            case 1:
                return SlotState.NEW;
            case 2:
                return SlotState.RUNNING;
            case 3:
                return SlotState.RESTARTING;
            case 4:
                return SlotState.STOPPED;
            case 5:
                return SlotState.ABANDONED;
            default:
                return null;
        }
    }
}
