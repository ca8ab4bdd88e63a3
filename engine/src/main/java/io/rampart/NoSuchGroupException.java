package io.rampart;

/** Thrown when a group name is not defined in the engine. */
public final class NoSuchGroupException extends RampartException {
    private static final long serialVersionUID = 1L;

    NoSuchGroupException(String engine, String group, java.util.Collection<String> known) {
        super("no group named '" + group + "' in engine '" + engine + "'; groups are " + known);
    }
}
