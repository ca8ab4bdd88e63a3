package io.rampart.remote;

import io.rampart.SlotState;
import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;

/**
 * The user's balancer, shown the remote slots instead of the local mirrors: a mirror is running only if its remote
 * slot is {@link RemoteSlots#available available}, and its backlog is the local ring's plus the remote one's.
 *
 * <p>The view is per thread (many senders call {@link #select} at once) and reused: nothing is allocated per send.
 */
final class RemoteBalancer implements LoadBalancer {
    private final LoadBalancer inner;
    private final RemoteSlots remote;
    private final ThreadLocal<View> views;

    RemoteBalancer(LoadBalancer inner, RemoteSlots remote) {
        this.inner = inner;
        this.remote = remote;
        this.views = ThreadLocal.withInitial(() -> new View(remote));
    }

    @Override
    public int select(Object message, Slots slots) {
        View view = views.get();
        view.local = slots;
        try {
            return inner.select(message, view);
        } finally {
            view.local = null;
        }
    }

    /** Never: a full mirror ring must not push a message to another node, where it would reorder. */
    @Override
    public boolean spillsOver() {
        return false;
    }

    private static final class View implements Slots {
        private final RemoteSlots remote;
        Slots local;

        View(RemoteSlots remote) {
            this.remote = remote;
        }

        @Override
        public String group() {
            return local.group();
        }

        /**
         * The local mirror's state unless it runs; then the remote slot's last reported state, or RESTARTING while
         * its node is down (a node that is lost may come back; STOPPED would say it never will).
         */
        @Override
        public SlotState state(int slot) {
            SlotState mirror = local.state(slot);
            if (mirror != SlotState.RUNNING || slot >= remote.size()) {
                return mirror;
            }
            return remote.peer(slot).up ? remote.state(slot) : SlotState.RESTARTING;
        }

        @Override
        public int size() {
            return local.size();
        }

        @Override
        public boolean isRunning(int slot) {
            return local.isRunning(slot) && slot < remote.size() && remote.available(slot);
        }

        @Override
        public long backlog(int slot) {
            return local.backlog(slot) + (slot < remote.size() ? remote.remoteBacklog(slot) : 0);
        }

        @Override
        public int capacity() {
            return local.capacity();
        }
    }
}
