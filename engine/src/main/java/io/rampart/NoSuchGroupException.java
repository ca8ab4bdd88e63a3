package io.rampart;

import java.util.Collection;

/** Thrown when a group name is not defined in the engine. */
public final class NoSuchGroupException extends RampartException {
    private static final long serialVersionUID = 1L;

    public NoSuchGroupException(String engine, String group, Collection<String> known) {
        super("no group named '" + group + "' in engine '" + engine + "'; groups are " + known);
    }
}
