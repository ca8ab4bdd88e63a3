package io.rampart.remote;

import io.rampart.RampartException;

/**
 * A message for a remote group could not be handed to the node that hosts its slot. A tell refused so is
 * dead-lettered on the sending node ({@code HANDLER_FAILED}, with this as the cause); an ask fails with it. Either
 * way the message never reached that node: it was not handled there.
 */
public final class RemoteUnavailableException extends RampartException {
    private static final long serialVersionUID = 1L;

    /** Why the message could not be sent. */
    public enum Reason {
        /** The peer is not connected, or has not yet accepted this node's HELLO. */
        NOT_CONNECTED,
        /** The peer's stream stayed back-pressured for longer than the node's offer timeout. */
        BACK_PRESSURED,
        /** The encoded frame is longer than the node's maximum frame length. */
        TOO_LARGE,
        /** This node is closing. */
        NODE_CLOSED
    }

    /** The peer the message was for. */
    private final int node;
    /** What became of it. */
    private final Reason reason;

    /**
     * @param node    the peer the message was for
     * @param reason  why it was not sent
     * @param message a description
     */
    public RemoteUnavailableException(int node, Reason reason, String message) {
        super(message);
        this.node = node;
        this.reason = reason;
    }

    /** @return the peer the message was for */
    public int node() {
        return node;
    }

    /** @return why it was not sent */
    public Reason reason() {
        return reason;
    }
}
