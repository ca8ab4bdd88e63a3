package io.rampart.remote;

import io.rampart.Context;
import io.rampart.Handler;
import io.rampart.Reply;
import io.rampart.remote.internal.InFlightAsks;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The handler of one local mirror slot of a remote group: encodes each message into a frame addressed to the
 * remote slot the mirror stands for, and offers it to that slot's node. One instance per mirror slot (the engine's
 * handler factory), on that slot's thread, so its buffer is its own and frames to one remote slot leave in the
 * order they were sent.
 *
 * <p>A tell that cannot be sent throws {@link RemoteUnavailableException}: the group's decider resumes, and the
 * engine dead-letters the tell with it as the cause ({@code HANDLER_FAILED}). An ask's answer is deferred
 * ({@link Context#defer()}) and completed by the node's wire thread when the REPLY or FAILURE arrives, or failed
 * here if it cannot be sent, or by the wire thread if the peer is lost with it in flight: once either way
 * ({@link InFlightAsks} says how).
 */
final class ProxyHandler implements Handler<Object> {
    private final Node node;
    private final WireGroup wire;
    private final RemoteSlots slots;
    private final UnsafeBuffer buffer;
    private final BackoffIdleStrategy idle = Node.newIdleStrategy();

    ProxyHandler(Node node, WireGroup wire, RemoteSlots slots) {
        this.node = node;
        this.wire = wire;
        this.slots = slots;
        this.buffer = new UnsafeBuffer(new byte[node.maxFrameLength()]);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void handle(Object message, Context ctx) {
        int slot = ctx.slot();
        Peer peer = slots.peer(slot);
        int remoteSlot = slots.remoteSlot(slot);
        Codec codec = wire.messages();
        if (!ctx.isAsk()) {
            if (!peer.up) {
                throw node.unavailable(peer, RemoteUnavailableException.Reason.NOT_CONNECTED);
            }
            int length = node.writer().tell(buffer, 0, wire.id(), remoteSlot, false, codec, message);
            if (length < 0) {
                throw node.unavailable(peer, RemoteUnavailableException.Reason.TOO_LARGE);
            }
            RemoteUnavailableException.Reason refused = node.offer(peer, buffer, length, idle);
            if (refused != null) {
                throw node.unavailable(peer, refused);
            }
            peer.tellsOffered.incrementAndGet();
            return;
        }
        Reply reply = ctx.defer();
        long id = node.nextCorrelationId();
        int length = node.writer().ask(buffer, 0, wire.id(), remoteSlot, false, id, codec, message);
        if (length < 0) {
            reply.fail(node.unavailable(peer, RemoteUnavailableException.Reason.TOO_LARGE));
            return;
        }
        InFlightAsks.Entry pending = node.inFlight().register(id, reply, peer,
                () -> node.unavailable(peer, RemoteUnavailableException.Reason.NOT_CONNECTED));
        if (pending == null) {
            return; // its peer is down: failed, once, by register or by the wire thread's scan
        }
        RemoteUnavailableException.Reason refused = node.offer(peer, buffer, length, idle);
        if (refused != null) {
            if (node.inFlight().withdraw(id, pending)) {
                reply.fail(node.unavailable(peer, refused));
            }
            return;
        }
        peer.asksSent.incrementAndGet();
    }
}
