package io.rampart;

import java.util.List;

/**
 * A snapshot of one supervisor, from {@link Engine#supervisors()}.
 *
 * @param name        its name ({@code root} for the engine's own)
 * @param parent      its parent's name, or null for the root
 * @param strategy    which slots it restarts together
 * @param intensity   its restart intensity, e.g. {@code 5 restarts within PT10S}, or {@code unlimited}
 * @param groups      the groups directly under it, in order
 * @param supervisors the supervisors directly under it, in order
 * @param restarts    restart decisions it has made
 * @param escalations times it exceeded its intensity and gave up
 */
public record SupervisorInfo(String name, String parent, SupervisionStrategy strategy, String intensity,
                             List<String> groups, List<String> supervisors, long restarts, long escalations) {
}
