package io.rampart.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rampart.Backpressure;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.remote.Codecs;
import io.rampart.remote.Endpoint;
import io.rampart.remote.Node;
import io.rampart.remote.RemoteGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote node's peers and frames in a registry: two nodes on one driver over IPC, one ask and one tell. */
class RemoteNodeMetricsTest {
    static final byte[] SECRET = "metrics test cluster secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path drivers;

    @Test
    void aPeersStateAndTrafficAreMeters() throws Exception {
        GroupSpec<String, String> echo = GroupSpec.builder("m-echo", String.class).answers(String.class)
                .backpressure(Backpressure.failFast())
                .handler(() -> (String m, io.rampart.Context c) -> {
                    if (c.isAsk()) {
                        c.reply(m);
                    }
                }).build();
        try (Engine hostEngine = Engine.builder().name("mh").group(echo).build();
             Engine senderEngine = Engine.builder().name("ms").build()) {
            hostEngine.start();
            senderEngine.start();
            try (Node host = Node.builder(2, hostEngine, SECRET).listen(Endpoint.ipc(4002)).peer(1, Endpoint.ipc(4001))
                    .host(echo, Codecs.utf8(), Codecs.utf8()).driverParent(drivers).build()) {
                host.start();
                try (Node sender = Node.builder(1, senderEngine, SECRET).listen(Endpoint.ipc(4001))
                        .peer(2, Endpoint.ipc(4002)).aeronDirectory(host.aeronDirectory())
                        .remote(RemoteGroup.builder("m-echo", Codecs.utf8()).answers(Codecs.utf8()).on(2, 1).build())
                        .build()) {
                    sender.start();
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    new RemoteNodeMetrics(sender).bindTo(registry);
                    await().atMost(Duration.ofSeconds(20)).until(() -> sender.isUp(2));
                    var remote = senderEngine.distributor("m-echo", String.class, String.class);
                    assertThat(remote.askOne("ping").get(20, TimeUnit.SECONDS)).isEqualTo("ping");
                    remote.tellOne("tell");
                    await().atMost(Duration.ofSeconds(20)).until(() ->
                            registry.get("rampart.remote.tells.sent").tag("peer", "2").functionCounter().count() == 1);

                    assertThat(registry.get("rampart.remote.peer.up").tags("node", "1", "peer", "2").gauge().value())
                            .isEqualTo(1.0);
                    assertThat(registry.get("rampart.remote.asks.sent").tag("peer", "2").functionCounter().count())
                            .isEqualTo(1.0);
                    assertThat(registry.get("rampart.remote.asks.pending").tag("peer", "2").gauge().value()).isZero();
                    assertThat(registry.get("rampart.remote.frames.accepted").tag("type", "REPLY").functionCounter()
                            .count()).isEqualTo(1.0);
                    assertThat(registry.get("rampart.remote.frames.accepted").tag("type", "HEARTBEAT")
                            .functionCounter().count()).isPositive();
                    assertThat(registry.get("rampart.remote.frames.rejected").tag("reason", "SHORT").functionCounter()
                            .count()).isZero();
                    assertThat(registry.get("rampart.remote.tells.in.doubt").tag("peer", "2").functionCounter()
                            .count()).isZero();
                }
            }
        }
    }
}
