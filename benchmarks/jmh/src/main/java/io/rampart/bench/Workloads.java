package io.rampart.bench;

/**
 * The workloads that peers and Rampart are compared on, one benchmark class each; the report's table headings
 * ({@code Compared.workload()}).
 */
public final class Workloads {
    /** One producer thread tells {@link Batch#MESSAGES} messages to one consumer; msgs/s. */
    public static final String TELL_1P_1C = "tell: 1 producer -> 1 consumer";
    /** Two producer threads tell {@link Batch#MESSAGES} messages in total to one consumer; msgs/s. */
    public static final String TELL_2P_1C = "tell: 2 producers -> 1 consumer";
    /** One producer thread tells {@link Batch#MESSAGES} messages spread over two consumers; msgs/s. */
    public static final String TELL_1P_2C = "tell: 1 producer -> 2 consumers";
    /**
     * One producer thread sends {@link Batch#MESSAGES} / 2 messages, each delivered to both of two consumers
     * (a broadcast); msgs/s counted as messages consumed.
     */
    public static final String TELL_EVERYONE_2C = "tellEveryone: 1 producer -> each of 2 consumers";
    /** One caller asks one consumer and waits for the reply before the next ask; time per round trip. */
    public static final String ASK_ROUND_TRIP = "ask: 1 caller round trip";

    /**
     * One caller keeps a window of {@code AskWindow.SIZE} asks in flight to one consumer, then waits for all of
     * them and checks each reply; asks/s.
     */
    public static final String ASK_IN_FLIGHT = "ask: 1 caller, 256 in flight";

    /**
     * One caller keeps a window of {@code JournalBenchmark.WINDOW} asks in flight to one journaling slot, which
     * appends each message to a file and answers it only once a {@code force} covered it; asks/s.
     */
    public static final String JOURNAL = "journal: 1 caller, 256 asks in flight, answered after fsync";

    private Workloads() {
    }
}
