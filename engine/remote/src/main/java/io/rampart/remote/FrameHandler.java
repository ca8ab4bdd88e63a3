package io.rampart.remote;

/**
 * Where {@link FrameReader} hands a frame that passed every check: the node (a later slice) implements it. Every
 * method runs on the reader's thread; a peer is a node id that passed HELLO on the frame's session. Decoded messages
 * are the codec's own objects; {@code states} is a view valid only during the call.
 */
interface FrameHandler {

    void onHello(int sessionId, int peer);

    void onTell(int peer, WireGroup group, boolean everyone, Object message);

    void onAsk(int peer, WireGroup group, boolean everyone, long correlationId, Object message);

    void onReply(int peer, WireGroup group, long correlationId, Object answer);

    void onFailure(int peer, WireGroup group, long correlationId, int reasonCode, String message);

    void onHeartbeat(int peer);

    void onSlotStates(int peer, WireGroup group, SlotStates states);
}
