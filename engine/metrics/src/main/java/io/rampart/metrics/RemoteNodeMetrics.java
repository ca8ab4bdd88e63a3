package io.rampart.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rampart.remote.FrameType;
import io.rampart.remote.HelloRefusal;
import io.rampart.remote.Node;
import io.rampart.remote.PeerStatus;
import io.rampart.remote.Rejection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a started remote {@link Node} (module {@code rampart-remote}, an optional dependency of this one) to a
 * {@code MeterRegistry}: per peer, whether it is up and its traffic; per node, the frames it accepted and refused.
 * Tags: {@code node} (this node's id), {@code peer}, and {@code type} or {@code reason} where a count is split.
 *
 * <pre>{@code
 * node.start();
 * new RemoteNodeMetrics(node).bindTo(registry);
 * // rampart.remote.peer.up{node="1",peer="2"} 1.0
 * // rampart.remote.tells.in.doubt{node="1",peer="2"} 0.0
 * }</pre>
 *
 * Each read of a peer's meter takes that peer's {@link Node#peer(int)} snapshot (meant for a scrape a second,
 * not a hot loop).
 */
public final class RemoteNodeMetrics implements MeterBinder {
    private final Node node;
    private final Tags tags;

    /**
     * @param node a started node; its configured peers are the ones bound
     */
    public RemoteNodeMetrics(Node node) {
        this(node, Tags.empty());
    }

    /**
     * @param node a started node
     * @param tags tags added to every meter
     */
    public RemoteNodeMetrics(Node node, Iterable<Tag> tags) {
        this.node = Objects.requireNonNull(node, "node");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "node", Integer.toString(node.id()));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<PeerStatus> peers = node.peers();
        for (PeerStatus p : peers) {
            int peer = p.node();
            Tags t = tags.and("peer", Integer.toString(peer));
            gauge(registry, "rampart.remote.peer.up", "1 while the peer is up (routed to), else 0", t,
                    n -> n.peer(peer).up() ? 1 : 0);
            gauge(registry, "rampart.remote.peer.heard.age", "Milliseconds since the peer was last heard, -1 if never",
                    t, n -> n.peer(peer).millisSinceHeard());
            counter(registry, "rampart.remote.peer.lost", "Times the peer was up and then lost", t,
                    n -> n.peer(peer).timesLost());
            counter(registry, "rampart.remote.tells.sent", "Tells offered to the peer and taken by its stream", t,
                    n -> n.peer(peer).tellsSent());
            counter(registry, "rampart.remote.tells.in.doubt",
                    "Tells the peer took and never acknowledged before it was lost", t,
                    n -> n.peer(peer).tellsInDoubt());
            counter(registry, "rampart.remote.asks.sent", "Asks offered to the peer and taken by its stream", t,
                    n -> n.peer(peer).asksSent());
            gauge(registry, "rampart.remote.asks.pending", "Asks sent to the peer, not yet complete", t,
                    n -> n.peer(peer).asksPending());
            counter(registry, "rampart.remote.asks.failed.lost", "Asks failed because the peer was lost with them", t,
                    n -> n.peer(peer).asksFailedLost());
        }
        for (FrameType type : FrameType.values()) {
            counter(registry, "rampart.remote.frames.accepted", "Frames received, checked and dispatched, by type",
                    tags.and("type", type.name()), n -> n.counters().accepted(type));
        }
        for (Rejection reason : Rejection.values()) {
            counter(registry, "rampart.remote.frames.rejected", "Frames refused before dispatch, by reason",
                    tags.and("reason", reason.name()), n -> n.counters().rejected(reason));
        }
        for (HelloRefusal reason : HelloRefusal.values()) {
            counter(registry, "rampart.remote.hello.refused", "HELLOs refused, by reason",
                    tags.and("reason", reason.name()), n -> n.counters().helloRefused(reason));
        }
        counter(registry, "rampart.remote.tells.refused.on.arrival",
                "Peers' tells a hosted group refused when they arrived", tags, n -> n.tellsRefusedOnArrival());
    }

    private void gauge(MeterRegistry registry, String name, String help, Tags t, ToDoubleFunction<Node> f) {
        Gauge.builder(name, node, f).description(help).tags(t).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, Tags t, ToDoubleFunction<Node> f) {
        FunctionCounter.builder(name, node, f).description(help).tags(t).register(registry);
    }
}
