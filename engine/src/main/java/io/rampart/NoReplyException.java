package io.rampart;

/**
 * An ask's handler returned without replying, failing, or deferring the reply
 * ({@link Context#defer()}). Raised at once instead of letting the caller wait for its timeout.
 */
public final class NoReplyException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an ask whose handler returned without answering.
     *
     * @param group the group asked
     * @param slot the slot whose handler returned
     */
    public NoReplyException(String group, int slot) {
        super("handler of group '" + group + "' slot " + slot
                + " returned without replying to an ask; call ctx.reply(..), ctx.fail(..) or ctx.defer()");
    }
}
