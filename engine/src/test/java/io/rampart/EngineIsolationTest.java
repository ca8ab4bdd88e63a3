package io.rampart;

import io.rampart.balance.LoadBalancer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No state shared between engines: two engines built from one spec each have their own balancer. */
class EngineIsolationTest {
    @Test
    void twoEnginesFromOneSpecRotateTheirRoundRobinsIndependently() {
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupSpec<String, Object> spec = GroupSpec.builder("g", String.class).redundancy(2)
                .handler(() -> (m, ctx) -> handled.add(m + "@" + ctx.slot())).build();
        try (Engine a = Engine.builder().name("a").group(spec).build();
             Engine b = Engine.builder().name("b").group(spec).build()) {
            a.start();
            b.start();
            a.distributor("g").tellOne("a1");
            b.distributor("g").tellOne("b1");
            a.distributor("g").tellOne("a2");
            b.distributor("g").tellOne("b2");
            await().until(() -> handled.size() == 4);
        }
        assertThat(handled).containsExactlyInAnyOrder("a1@0", "a2@1", "b1@0", "b2@1");
    }

    @Test
    void aBalancerInstanceGivenToTheSpecIsSharedAsDocumentedAndAFactoryIsNot() {
        LoadBalancer shared = LoadBalancer.roundRobin();
        GroupSpec<String, Object> sharing = GroupSpec.builder("g", String.class).redundancy(2).loadBalancer(shared)
                .handler(() -> (m, ctx) -> { }).build();
        GroupSpec<String, Object> own = GroupSpec.builder("g", String.class).redundancy(2).loadBalancer(LoadBalancer::roundRobin)
                .handler(() -> (m, ctx) -> { }).build();
        try (Engine a = Engine.builder().group(sharing).build(); Engine b = Engine.builder().group(sharing).build();
             Engine c = Engine.builder().group(own).build(); Engine d = Engine.builder().group(own).build()) {
            assertThat(a.group("g").balancer()).isSameAs(b.group("g").balancer()).isSameAs(shared);
            assertThat(c.group("g").balancer()).isNotSameAs(d.group("g").balancer());
        }
    }
}
