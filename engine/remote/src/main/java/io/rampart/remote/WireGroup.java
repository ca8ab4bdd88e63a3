package io.rampart.remote;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A group as the wire knows it: its name, the 32-bit id frames carry instead of the name, and the codecs of its
 * messages and of its asks' answers.
 *
 * <p>The id is the FNV-1a hash of the name's UTF-8 bytes: both nodes compute it from the name alone, so no table of
 * ids has to be agreed on, and a frame carries 4 bytes instead of a name. Two names can hash alike; a reader refuses
 * to be built with two such groups ({@link FrameReader}), so a collision is a configuration error, never a message
 * delivered to the wrong group.
 */
record WireGroup(String name, int id, Codec<?> messages, Codec<?> answers) {

    WireGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(messages, "messages codec");
        Objects.requireNonNull(answers, "answers codec");
    }

    static WireGroup of(String name, Codec<?> messages, Codec<?> answers) {
        return new WireGroup(name, idOf(name), messages, answers);
    }

    /** FNV-1a, 32 bits, of the name's UTF-8 bytes; 0 ({@link FrameHeader#NO_GROUP}) is moved to 1. */
    static int idOf(String name) {
        int hash = 0x811C9DC5;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        return hash == FrameHeader.NO_GROUP ? 1 : hash;
    }
}
