package io.rampart;

import java.time.Duration;

/**
 * Something supervision did or saw, delivered to the engine's {@link SupervisionListener}. A sealed
 * type: a listener can {@code switch} over the kinds, and the compiler says when a kind is added.
 *
 * <pre>{@code
 * Engine.builder().supervisionEvents(e -> {
 *     if (e instanceof SupervisionEvent.GroupStopped s) {
 *         alert("group " + s.group() + " stopped: " + s.reason());
 *     }
 * })
 * }</pre>
 */
public sealed interface SupervisionEvent {

    /** @return the name of the engine it happened in */
    String engine();

    /**
     * A restart was decided: the slot's handler will be replaced, in place, after {@code backoff}.
     * Under a one-for-all or rest-for-one strategy every slot restarted gets its own event, each with
     * the cause of the failure that started it.
     *
     * @param engine  the engine's name
     * @param group   the slot's group
     * @param slot    the slot's index in its group
     * @param cause   the failure that led to the restart
     * @param backoff how long the slot waits before its new handler starts
     */
    record Restart(String engine, String group, int slot, Throwable cause, Duration backoff)
            implements SupervisionEvent {
    }

    /**
     * A supervisor gave up on a child (it exceeded its restart intensity, or a group's failure decider
     * said {@link Directive#ESCALATE}) and passed the failure to its parent; at the root, the child's
     * groups stop for good, each with a {@link GroupStopped} event after this one.
     *
     * @param engine     the engine's name
     * @param supervisor the supervisor that gave up
     * @param child      what it gave up on, e.g. {@code group 'orders'}
     * @param parent     the supervisor that decides next, or null when {@code supervisor} is the root
     * @param why        why it gave up
     * @param cause      the failure that started it
     */
    record Escalation(String engine, String supervisor, String child, String parent, String why, Throwable cause)
            implements SupervisionEvent {
    }

    /**
     * A group stopped for good: sends to it fail with {@link GroupStoppedException} and this reason.
     * Sent once per group.
     *
     * @param engine the engine's name
     * @param group  the group
     * @param reason why it stopped (the same words as {@link GroupHealth#reason()})
     */
    record GroupStopped(String engine, String group, String reason) implements SupervisionEvent {
    }

    /**
     * A group was added to the running tree ({@link Engine#addGroup(String, GroupSpec)}, or with its
     * supervisor by {@link Engine#addSupervisor(String, SupervisorSpec)}): its slots have their first
     * handlers and it takes sends from now on. Not sent for the groups an engine is built with.
     *
     * @param engine     the engine's name
     * @param group      the group
     * @param supervisor the supervisor it was added under
     * @since 0.2.0
     */
    record GroupAdded(String engine, String group, String supervisor) implements SupervisionEvent {
    }

    /**
     * A group was removed ({@link Engine#removeGroup(String)}, or with its supervisor by
     * {@link Engine#removeSupervisor(String)}): it takes no more sends (they fail with
     * {@link GroupRemovedException}), no longer counts in its supervisor's strategy, and drains what it
     * had accepted. Sent when the removal starts, before the drain ends.
     *
     * @param engine     the engine's name
     * @param group      the group
     * @param supervisor the supervisor it was under
     * @since 0.2.0
     */
    record GroupRemoved(String engine, String group, String supervisor) implements SupervisionEvent {
    }

    /**
     * The engine's close deadline passed while this slot's handler was still running: the engine
     * stopped waiting for it and interrupted its thread ({@link SlotState#ABANDONED}).
     *
     * @param engine the engine's name
     * @param group  the slot's group
     * @param slot   the slot's index in its group
     */
    record SlotAbandoned(String engine, String group, int slot) implements SupervisionEvent {
    }

    /**
     * Stall detection ({@link GroupSpec.Builder#stallAfter(Duration)}): the slot's handler has been busy
     * on one message past its group's threshold; the slot is routed around until it moves.
     *
     * @param engine  the engine's name
     * @param group   the slot's group
     * @param slot    the slot's index in its group
     * @param busyFor how long it had been busy when the watch saw it (at least the threshold)
     * @param correlation the context sent with the message it is busy on
     *                ({@link Distributor#tellOne(Object, Object)}), or null
     */
    record SlotStalled(String engine, String group, int slot, Duration busyFor, Object correlation)
            implements SupervisionEvent {
        /**
         * A stall without a correlation.
         *
         * @param engine  the engine's name
         * @param group   the slot's group
         * @param slot    the slot's index in its group
         * @param busyFor how long it had been busy
         */
        public SlotStalled(String engine, String group, int slot, Duration busyFor) {
            this(engine, group, slot, busyFor, null);
        }
    }

    /**
     * A stalled slot moved again (or stopped running that message) and takes new messages again.
     *
     * @param engine  the engine's name
     * @param group   the slot's group
     * @param slot    the slot's index in its group
     * @param busyFor how long it was busy on the message, to within half the group's threshold (the
     *                watch looks every half threshold)
     * @param correlation the context sent with the message it was busy on, as seen when it stalled, or null
     */
    record SlotRecovered(String engine, String group, int slot, Duration busyFor, Object correlation)
            implements SupervisionEvent {
        /**
         * A recovery without a correlation.
         *
         * @param engine  the engine's name
         * @param group   the slot's group
         * @param slot    the slot's index in its group
         * @param busyFor how long it was busy on the message
         */
        public SlotRecovered(String engine, String group, int slot, Duration busyFor) {
            this(engine, group, slot, busyFor, null);
        }
    }

    /**
     * A group changed its number of slots: {@link Engine#resize(String, int)}, or its {@link Resizer}.
     * Sent once the new slots have their first handler (growing), or once the removed slots stopped
     * accepting (shrinking; they still drain what they accepted).
     *
     * @param engine the engine's name
     * @param group  the group
     * @param from   its size before
     * @param to     its size now
     * @param reason who resized it and why, e.g. {@code resizer: mean backlog 40.0 per slot above 32 in 3 samples}
     */
    record GroupResized(String engine, String group, int from, int to, String reason) implements SupervisionEvent {
    }

    /**
     * A peer of a remote node came up: it accepted the node's HELLO, its heartbeats arrive, and the remote groups'
     * slots on it are routed to. The engine itself never sends it: a node of {@code rampart-remote} does, to the
     * listener it was given ({@code Node.Builder.supervisionEvents}, typically the engine's own).
     *
     * @param engine the name of the node's engine
     * @param node   the node's id
     * @param peer   the peer's id
     */
    record PeerUp(String engine, int node, int peer) implements SupervisionEvent {
    }

    /**
     * A peer of a remote node was lost (silent for the peer timeout, or its stream closed): its slots are routed
     * around and its asks in flight failed. Sent by a node of {@code rampart-remote}, as {@link PeerUp}.
     *
     * @param engine       the name of the node's engine
     * @param node         the node's id
     * @param peer         the peer's id
     * @param why          what was seen
     * @param asksFailed   asks in flight to it, each failed once
     * @param tellsInDoubt tells it never acknowledged: handled there or not, unknown
     */
    record PeerLost(String engine, int node, int peer, String why, int asksFailed, long tellsInDoubt)
            implements SupervisionEvent {
    }
}
