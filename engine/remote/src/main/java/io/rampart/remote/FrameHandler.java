package io.rampart.remote;

/**
 * Where {@link FrameReader} hands a frame that passed every check: the node (a later slice) implements it. Every
 * method runs on the reader's thread; a peer is a node id that passed HELLO on the frame's session. Decoded messages
 * are the codec's own objects; {@code states} is a view valid only during the call.
 */
interface FrameHandler {

    /** {@code helloTag}: the first 4 bytes of the HELLO's nonce, which this node's heartbeats to the peer echo. */
    void onHello(int sessionId, int peer, int helloTag);

    /** {@code slot} is the slot the sender addressed, or -1 for any; checked only for being -1 or more. */
    void onTell(int peer, WireGroup group, int slot, boolean everyone, Object message);

    void onAsk(int peer, WireGroup group, int slot, boolean everyone, long correlationId, Object message);

    void onReply(int peer, WireGroup group, long correlationId, Object answer);

    void onFailure(int peer, WireGroup group, long correlationId, int reasonCode, String message);

    /**
     * {@code tellsAccepted}: the peer's count of our TELLs since the HELLO of ours it last took, whose tag is
     * {@code helloTag}; {@code authenticated}: it took one.
     */
    void onHeartbeat(int peer, long tellsAccepted, boolean authenticated, int helloTag);

    void onSlotStates(int peer, WireGroup group, SlotStates states);
}
