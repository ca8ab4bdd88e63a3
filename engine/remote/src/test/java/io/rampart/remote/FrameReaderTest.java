package io.rampart.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rampart.SlotState;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of malformed frame is refused with its reason, counted, reported and never dispatched, and the next
 * good frame is still accepted; every frame type a writer writes is read back as written.
 */
class FrameReaderTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final int LOCAL = 1;
    static final int PEER = 2;
    static final int SESSION = 77;
    static final int MAX = 1024;
    /** Where the bad frames are written: not 0 and not aligned, so that offsets are honoured. */
    static final int BAD_AT = 1501;

    final WireGroup orders = WireGroup.of("orders", Codecs.utf8(), Codecs.utf8());
    final WireGroup quotes = WireGroup.of("quotes", new QuoteCodec(), Codecs.bytes());
    long now = 1_800_000_000_000L;
    final PeerAuthenticator local =
            new PeerAuthenticator(LOCAL, SECRET, Set.of(PEER), Duration.ofSeconds(30), () -> now);
    final PeerAuthenticator remote =
            new PeerAuthenticator(PEER, SECRET, Set.of(LOCAL), Duration.ofSeconds(30), () -> now);
    final RecordingHandler handler = new RecordingHandler();
    final RecordingListener listener = new RecordingListener();
    final FrameReader reader = new FrameReader(List.of(orders, quotes), local, handler, listener, MAX);
    final FrameWriter writer = new FrameWriter(PEER, MAX);
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4 * MAX]);

    @BeforeEach
    void peerSaysHello() {
        int length = writer.hello(buffer, 0, remote, LOCAL);
        assertThat(length).isEqualTo(FrameHeader.LENGTH + PeerAuthenticator.HELLO_LENGTH);
        assertThat(reader.read(buffer, 0, length, SESSION)).isTrue();
        assertThat(reader.peerOf(SESSION)).isEqualTo(PEER);
        handler.events.clear();
    }

    @Test
    void theHeaderIsLaidOutAsDocumented() {
        int length = writer.ask(buffer, BAD_AT, orders.id(), true, 0x0102030405060708L, Codecs.utf8(), "abc");
        assertThat(length).isEqualTo(35);
        assertThat(buffer.getByte(BAD_AT)).isEqualTo((byte) 'R');
        assertThat(buffer.getByte(BAD_AT + 1)).isEqualTo((byte) 'P');
        assertThat(buffer.getByte(BAD_AT + 2)).isEqualTo((byte) 1);
        assertThat(buffer.getByte(BAD_AT + 3)).isEqualTo(FrameType.ASK.code());
        assertThat(buffer.getShort(BAD_AT + 4, ByteOrder.LITTLE_ENDIAN)).isEqualTo((short) 1);
        assertThat(buffer.getInt(BAD_AT + 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(PEER);
        assertThat(buffer.getInt(BAD_AT + 12, ByteOrder.LITTLE_ENDIAN)).isEqualTo(orders.id());
        assertThat(buffer.getByte(BAD_AT + 16)).isEqualTo((byte) 8); // little-endian: the low byte first
        assertThat(buffer.getInt(BAD_AT + 24, ByteOrder.LITTLE_ENDIAN)).isEqualTo(3);
        assertThat(buffer.getInt(BAD_AT + 28, ByteOrder.LITTLE_ENDIAN)).isEqualTo(-1); // no slot in particular
        assertThat(buffer.getStringWithoutLengthUtf8(BAD_AT + 32, 3)).isEqualTo("abc");
    }

    @Test
    void everyFrameTypeIsReadBackAsWritten() {
        SlotState[] states = {SlotState.RUNNING, SlotState.RESTARTING, SlotState.STOPPED};
        long[] backlogs = {3, 0, Long.MAX_VALUE};
        int[] lengths = {
            writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "one"),
            writer.tell(buffer, MAX, orders.id(), true, Codecs.utf8(), "all"),
            writer.ask(buffer, 2 * MAX, orders.id(), false, 42L, Codecs.utf8(), "q?"),
        };
        assertThat(reader.read(buffer, 0, lengths[0], SESSION)).isTrue();
        assertThat(reader.read(buffer, MAX, lengths[1], SESSION)).isTrue();
        assertThat(reader.read(buffer, 2 * MAX, lengths[2], SESSION)).isTrue();
        read(writer.reply(buffer, 0, orders.id(), 42L, Codecs.utf8(), "answer"));
        read(writer.tell(buffer, 0, quotes.id(), false, new QuoteCodec(), new Quote(7, 101_250_000, 300)));
        read(writer.reply(buffer, 0, quotes.id(), 43L, Codecs.bytes(), new byte[] {1, 2}));
        read(writer.failure(buffer, 0, orders.id(), 44L, 3, "handler threw: boom"));
        read(writer.heartbeat(buffer, 0));
        read(writer.slotStates(buffer, 0, quotes.id(), states, backlogs, 3));
        read(writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), ""));
        read(writer.tell(buffer, 0, orders.id(), 1, false, Codecs.utf8(), "to slot 1"));
        read(writer.ask(buffer, 0, orders.id(), 0, true, 45L, Codecs.utf8(), "slot 0 asks"));
        read(writer.heartbeat(buffer, 0, 7L, true, 0x0A0B0C0D));

        assertThat(handler.events).containsExactly(
                "TELL peer=2 group=orders everyone=false one",
                "TELL peer=2 group=orders everyone=true all",
                "ASK peer=2 group=orders everyone=false id=42 q?",
                "REPLY peer=2 group=orders id=42 answer",
                "TELL peer=2 group=quotes everyone=false Quote[instrument=7, priceMicros=101250000, quantity=300]",
                "REPLY peer=2 group=quotes id=43 [1, 2]",
                "FAILURE peer=2 group=orders id=44 code=3 handler threw: boom",
                "HEARTBEAT peer=2",
                "SLOT_STATE peer=2 group=quotes RUNNING/3 RESTARTING/0 STOPPED/2147483647",
                "TELL peer=2 group=orders everyone=false ",
                "TELL peer=2 group=orders slot=1 everyone=false to slot 1",
                "ASK peer=2 group=orders slot=0 everyone=true id=45 slot 0 asks",
                "HEARTBEAT peer=2 tells=7 authenticated=true tag=a0b0c0d");
        RemoteCounters counters = reader.counters();
        assertThat(counters.accepted(FrameType.HELLO)).isEqualTo(1);
        assertThat(counters.accepted(FrameType.TELL)).isEqualTo(5);
        assertThat(counters.accepted(FrameType.ASK)).isEqualTo(2);
        assertThat(counters.accepted(FrameType.REPLY)).isEqualTo(2);
        assertThat(counters.accepted(FrameType.FAILURE)).isEqualTo(1);
        assertThat(counters.accepted(FrameType.HEARTBEAT)).isEqualTo(2);
        assertThat(counters.accepted(FrameType.SLOT_STATE)).isEqualTo(1);
        assertThat(counters.rejected()).isZero();
        assertThat(listener.events).isEmpty();
        assertThat(counters.toString())
                .isEqualTo("accepted{HELLO=1, TELL=5, ASK=2, REPLY=2, FAILURE=1, HEARTBEAT=2, SLOT_STATE=1}"
                        + " rejected{} helloRefused{} handlerErrors=0");
    }

    @Test
    void aLongFailureMessageIsCutAtACharacterBoundary() {
        read(writer.failure(buffer, 0, orders.id(), 1L, 9, "é".repeat(300))); // 600 bytes of UTF-8
        assertThat(handler.events).containsExactly(
                "FAILURE peer=2 group=orders id=1 code=9 " + "é".repeat(FrameHeader.MAX_FAILURE_MESSAGE_LENGTH / 2));
    }

    @Test
    void aFrameThatDoesNotFitIsNotWritten() {
        assertThat(writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "x".repeat(MAX - FrameHeader.LENGTH)))
                .isEqualTo(MAX);
        assertThat(writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(),
                "x".repeat(MAX - FrameHeader.LENGTH + 1))).isEqualTo(Codec.DOES_NOT_FIT);
        // The buffer's end limits too.
        assertThat(writer.tell(buffer, buffer.capacity() - 40, orders.id(), false, Codecs.utf8(), "x".repeat(9)))
                .isEqualTo(Codec.DOES_NOT_FIT);
        assertThat(writer.heartbeat(buffer, buffer.capacity() - 31)).isEqualTo(Codec.DOES_NOT_FIT);
    }

    // ---- each malformed frame, refused with its reason

    @Test
    void shorterThanTheHeaderIsShort() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        assertRefusedThenAGoodFrameAccepted(BAD_AT, FrameHeader.LENGTH - 1, SESSION, Rejection.SHORT);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, 0, SESSION, Rejection.SHORT);
        assertThat(length).isGreaterThan(FrameHeader.LENGTH);
    }

    @Test
    void longerThanTheMaximumIsOversized() {
        FrameWriter generous = new FrameWriter(PEER, 4 * MAX);
        int length = generous.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(),
                "x".repeat(MAX + 1 - FrameHeader.LENGTH));
        assertThat(length).isEqualTo(MAX + 1);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.OVERSIZED);
    }

    @Test
    void anotherMagicIsBadMagic() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        buffer.putShort(BAD_AT, (short) 0x1234, ByteOrder.LITTLE_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_MAGIC);
        // Big-endian magic is not the magic either.
        buffer.putShort(BAD_AT, FrameHeader.MAGIC, ByteOrder.BIG_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_MAGIC);
    }

    @Test
    void anotherVersionIsBadVersion() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        buffer.putByte(BAD_AT + FrameHeader.VERSION_OFFSET, (byte) 2);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_VERSION);
    }

    @Test
    void aTypeNoVersionDefinesIsUnknownType() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        for (int type : new int[] {0, 8, 99, -1}) {
            buffer.putByte(BAD_AT + FrameHeader.TYPE_OFFSET, (byte) type);
            assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.UNKNOWN_TYPE);
        }
    }

    @Test
    void aPayloadLengthThatIsNotTheFragmentsIsALengthMismatch() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        // The fragment is a byte shorter or longer than the header says.
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length - 1, SESSION, Rejection.LENGTH_MISMATCH);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length + 1, SESSION, Rejection.LENGTH_MISMATCH);
        // The header says more, or a negative length.
        for (int claimed : new int[] {6, 4, -1, Integer.MAX_VALUE}) {
            buffer.putInt(BAD_AT + FrameHeader.PAYLOAD_LENGTH_OFFSET, claimed, ByteOrder.LITTLE_ENDIAN);
            assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.LENGTH_MISMATCH);
        }
    }

    @Test
    void aGroupThisNodeDoesNotKnowIsUnknownGroup() {
        int length = writer.tell(buffer, BAD_AT, WireGroup.idOf("nobody"), false, Codecs.utf8(), "hello");
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.UNKNOWN_GROUP);
        length = writer.slotStates(buffer, BAD_AT, FrameHeader.NO_GROUP, new SlotState[] {SlotState.RUNNING},
                new long[] {0}, 1);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.UNKNOWN_GROUP);
    }

    @Test
    void malformedUtf8IsABadPayload() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        buffer.putByte(BAD_AT + FrameHeader.LENGTH + 2, (byte) 0xFF);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        // An ask's answer is decoded with the answer codec, and refused the same way.
        length = writer.reply(buffer, BAD_AT, orders.id(), 5L, Codecs.bytes(), new byte[] {(byte) 0xC0, (byte) 0x80});
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
    }

    @Test
    void aShortOrLongFixedLayoutPayloadIsABadPayload() {
        for (int size : new int[] {0, QuoteCodec.LENGTH - 1, QuoteCodec.LENGTH + 1}) {
            int length = writer.tell(buffer, BAD_AT, quotes.id(), false, Codecs.bytes(), new byte[size]);
            assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        }
    }

    @Test
    void badFixedPayloadsOfTheFrameTypesAreBadPayloads() {
        // A HEARTBEAT whose payload is not 16 bytes, or acknowledges a negative count of tells.
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "x");
        buffer.putByte(BAD_AT + FrameHeader.TYPE_OFFSET, FrameType.HEARTBEAT.code());
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        length = writer.heartbeat(buffer, BAD_AT, -1L, true, 0);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);

        // A TELL addressed to a slot below -1 (-1 is "any slot").
        length = writer.tell(buffer, BAD_AT, orders.id(), -2, false, Codecs.utf8(), "x");
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);

        // A FAILURE without room for its reason code, with malformed UTF-8, or with too long a message.
        length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.bytes(), new byte[3]);
        buffer.putByte(BAD_AT + FrameHeader.TYPE_OFFSET, FrameType.FAILURE.code());
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.bytes(), new byte[] {0, 0, 0, 0, (byte) 0xE2});
        buffer.putByte(BAD_AT + FrameHeader.TYPE_OFFSET, FrameType.FAILURE.code());
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        byte[] tooLong = CodecTest.filled(4 + FrameHeader.MAX_FAILURE_MESSAGE_LENGTH + 1, (byte) 'a');
        length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.bytes(), tooLong);
        buffer.putByte(BAD_AT + FrameHeader.TYPE_OFFSET, FrameType.FAILURE.code());
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);

        // SLOT_STATE: no slots, a count its length does not match, an unknown state, a negative backlog.
        SlotState[] one = {SlotState.RUNNING};
        length = writer.slotStates(buffer, BAD_AT, quotes.id(), one, new long[] {5}, 1);
        int payload = BAD_AT + FrameHeader.LENGTH;
        buffer.putInt(payload, 0, ByteOrder.LITTLE_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        buffer.putInt(payload, 2, ByteOrder.LITTLE_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        buffer.putInt(payload, 1, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(payload + 4, (byte) 42);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        buffer.putByte(payload + 4, SlotStates.code(SlotState.RUNNING));
        buffer.putInt(payload + 8, -1, ByteOrder.LITTLE_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.BAD_PAYLOAD);
        buffer.putInt(payload + 8, 5, ByteOrder.LITTLE_ENDIAN);
        read(BAD_AT, length); // repaired, it is accepted
        assertThat(handler.events).last().isEqualTo("SLOT_STATE peer=2 group=quotes RUNNING/5");
    }

    @Test
    void aCodecThatThrowsAnythingOrReturnsNullOrAForeignTypeIsABadPayload() {
        WireGroup broken = WireGroup.of("broken", new MisbehavingCodec(), Codecs.utf8());
        FrameReader strict = new FrameReader(List.of(orders, broken), local, handler, listener, MAX);
        now += 1; // a fresh HELLO for this reader
        assertThat(strict.read(buffer, 0, writer.hello(buffer, 0, remote, LOCAL), SESSION)).isTrue();
        handler.events.clear();
        for (String behaviour : new String[] {"throw", "null", "foreign", "past"}) {
            int length = writer.tell(buffer, BAD_AT, broken.id(), false, Codecs.utf8(), behaviour);
            assertThat(strict.read(buffer, BAD_AT, length, SESSION)).as(behaviour).isFalse();
        }
        assertThat(strict.counters().rejected(Rejection.BAD_PAYLOAD)).isEqualTo(4);
        assertThat(handler.events).isEmpty();
        int good = writer.tell(buffer, BAD_AT, broken.id(), false, Codecs.utf8(), "fine");
        assertThat(strict.read(buffer, BAD_AT, good, SESSION)).isTrue();
        assertThat(handler.events).containsExactly("TELL peer=2 group=broken everyone=false fine");
    }

    // ---- authentication of the session

    @Test
    void anyFrameButHelloFromASessionThatDidNotPassHelloIsUnauthenticated() {
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION + 1, Rejection.UNAUTHENTICATED);
        length = writer.heartbeat(buffer, BAD_AT);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION + 1, Rejection.UNAUTHENTICATED);
        assertThat(reader.peerOf(SESSION + 1)).isEqualTo(-1);
    }

    @Test
    void aSenderIdOtherThanTheOneTheSessionProvedIsUnauthenticated() {
        int length = new FrameWriter(3, MAX).tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "spoofed");
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.UNAUTHENTICATED);
        // -1, the "no peer" marker of the session table, is no one's id either, on any session.
        buffer.putInt(BAD_AT + FrameHeader.SENDER_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION, Rejection.UNAUTHENTICATED);
        assertRefusedThenAGoodFrameAccepted(BAD_AT, length, SESSION + 1, Rejection.UNAUTHENTICATED);
    }

    @Test
    void aClosedSessionMustSayHelloAgain() {
        reader.sessionClosed(SESSION);
        int length = writer.tell(buffer, BAD_AT, orders.id(), false, Codecs.utf8(), "hello");
        assertThat(reader.read(buffer, BAD_AT, length, SESSION)).isFalse();
        assertThat(reader.counters().rejected(Rejection.UNAUTHENTICATED)).isEqualTo(1);
        now += 1;
        peerSaysHello();
        assertThat(reader.read(buffer, BAD_AT, length, SESSION)).isTrue();
    }

    // ---- robustness

    @Test
    void aHandlerOrListenerThatThrowsIsCountedAndTheReaderGoesOn() {
        FrameHandler throwing = new RecordingHandler() {
            @Override
            public void onTell(int peer, WireGroup group, int slot, boolean everyone, Object message) {
                throw new IllegalStateException("handler bug");
            }
        };
        RejectionListener throwingListener = new RejectionListener() {
            @Override
            public void onRejected(int sessionId, Rejection reason) {
                throw new IllegalStateException("listener bug");
            }
        };
        FrameReader fragile = new FrameReader(List.of(orders), local, throwing, throwingListener, MAX);
        now += 1;
        assertThat(fragile.read(buffer, 0, writer.hello(buffer, 0, remote, LOCAL), SESSION)).isTrue();
        int length = writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "x");
        assertThat(fragile.read(buffer, 0, length, SESSION)).isTrue();
        assertThat(fragile.read(buffer, 0, 3, SESSION)).isFalse();
        assertThat(fragile.counters().handlerErrors()).isEqualTo(1);
        assertThat(fragile.counters().accepted(FrameType.TELL)).isEqualTo(1);
        assertThat(fragile.counters().rejected(Rejection.SHORT)).isEqualTo(1);
    }

    @Test
    void groupsWhoseIdsCollideAreRefused() {
        WireGroup a = new WireGroup("a", 5, Codecs.utf8(), Codecs.utf8());
        WireGroup b = new WireGroup("b", 5, Codecs.bytes(), Codecs.bytes());
        assertThatThrownBy(() -> new FrameReader(List.of(a, b), local, handler, listener, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groups 'a' and 'b' have the same wire id 5: rename one");
        assertThat(WireGroup.idOf("orders")).isNotEqualTo(WireGroup.idOf("quotes")).isNotZero();
    }

    /**
     * Ten thousand mutations of valid frames (a flipped byte, a cut, random bytes) through one reader: it never
     * throws, and each read is counted exactly once, accepted when it returned true, refused when false.
     */
    @Test
    void mutatedFramesNeverThrowAndEachIsCountedOnce() {
        Random random = new Random(20261207);
        long trues = 0;
        long falses = 0;
        for (int i = 0; i < 10_000; i++) {
            int length;
            switch (random.nextInt(4)) {
                case 0:
                    length = writer.tell(buffer, BAD_AT, orders.id(), random.nextBoolean(), Codecs.utf8(), "é€x");
                    break;
                case 1:
                    length = writer.slotStates(buffer, BAD_AT, quotes.id(),
                            new SlotState[] {SlotState.RUNNING, SlotState.NEW}, new long[] {1, 2}, 2);
                    break;
                case 2:
                    length = writer.failure(buffer, BAD_AT, orders.id(), 9L, 1, "why");
                    break;
                default:
                    length = writer.tell(buffer, BAD_AT, quotes.id(), false, new QuoteCodec(), new Quote(1, 2, 3));
                    break;
            }
            switch (random.nextInt(3)) {
                case 0:
                    buffer.putByte(BAD_AT + random.nextInt(length), (byte) random.nextInt(256));
                    break;
                case 1:
                    length = random.nextInt(length + 1);
                    break;
                default:
                    length = random.nextInt(MAX + 64);
                    for (int k = 0; k < length; k++) {
                        buffer.putByte(BAD_AT + k, (byte) random.nextInt(256));
                    }
                    break;
            }
            if (reader.read(buffer, BAD_AT, length, random.nextInt(4) == 0 ? SESSION + 1 : SESSION)) {
                trues++;
            } else {
                falses++;
            }
        }
        RemoteCounters counters = reader.counters();
        long accepted = 0;
        for (FrameType type : FrameType.values()) {
            accepted += counters.accepted(type);
        }
        assertThat(accepted - 1).as("accepted, the HELLO aside").isEqualTo(trues);
        assertThat(counters.rejected() + counters.helloRefused()).isEqualTo(falses);
        assertThat(falses).as("most mutations are refused").isGreaterThan(trues);
        assertThat(listener.events).hasSize((int) falses);
    }

    // ---- helpers

    private void read(int length) {
        read(0, length);
    }

    private void read(int offset, int length) {
        assertThat(length).as("frame written").isPositive();
        assertThat(reader.read(buffer, offset, length, SESSION)).as("frame accepted: %s", reader.counters()).isTrue();
    }

    /**
     * Reads the frame at {@code offset}: it must be refused for {@code reason}, counted once, reported, and not
     * dispatched; then a good TELL on the authenticated session must still be accepted.
     */
    private void assertRefusedThenAGoodFrameAccepted(int offset, int length, int session, Rejection reason) {
        RemoteCounters counters = reader.counters();
        long before = counters.rejected(reason);
        long allBefore = counters.rejected();
        int dispatched = handler.events.size();

        assertThat(reader.read(buffer, offset, length, session)).as("read of a frame that is %s", reason).isFalse();

        assertThat(counters.rejected(reason)).as("%s counted", reason).isEqualTo(before + 1);
        assertThat(counters.rejected()).as("nothing else counted").isEqualTo(allBefore + 1);
        assertThat(listener.events).last().isEqualTo(reason + " session=" + session);
        assertThat(handler.events).as("nothing dispatched").hasSize(dispatched);

        int good = writer.tell(buffer, 0, orders.id(), false, Codecs.utf8(), "after " + reason);
        assertThat(reader.read(buffer, 0, good, SESSION)).as("a good frame after %s", reason).isTrue();
        assertThat(handler.events).last().isEqualTo("TELL peer=2 group=orders everyone=false after " + reason);
    }

    /**
     * Misbehaves as its payload says: throws a non-codec exception, returns null, returns a foreign type (raw, so that
     * nothing but the reader's own check catches it), or reads past its payload.
     */
    @SuppressWarnings("rawtypes")
    private static final class MisbehavingCodec implements Codec {
        @Override
        public Class<?> type() {
            return String.class;
        }

        @Override
        public int encode(Object message, MutableDirectBuffer buffer, int offset, int maxLength) {
            return Codecs.utf8().encode((String) message, buffer, offset, maxLength);
        }

        @Override
        public Object decode(DirectBuffer buffer, int offset, int length) {
            String s = Codecs.utf8().decode(buffer, offset, length);
            switch (s) {
                case "throw":
                    throw new IllegalStateException("a codec bug");
                case "null":
                    return null;
                case "foreign":
                    return Integer.valueOf(1);
                case "past":
                    return buffer.getStringWithoutLengthUtf8(offset, length + 8); // past its payload
                default:
                    return s;
            }
        }
    }
}
