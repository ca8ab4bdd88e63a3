package io.rampart;

import java.util.Collection;

/** Thrown when a group name is not defined in the engine. */
public final class NoSuchGroupException extends RampartException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a lookup of a group the engine does not have.
     *
     * @param engine the engine's name
     * @param group the name looked up
     * @param known the groups the engine has
     */
    public NoSuchGroupException(String engine, String group, Collection<String> known) {
        super("no group named '" + group + "' in engine '" + engine + "'; groups are " + known);
    }
}
