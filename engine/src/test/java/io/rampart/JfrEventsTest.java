package io.rampart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine's JFR events, read back from a recording file: a restart, an escalation, a ring-full
 * refusal and a slow handler (a slot that stalled past its group's stallAfter and moved again), each
 * with its fields (the last two with the context sent with the message); and an event type the recording disables is not written.
 */
class JfrEventsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Engine> engines = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeEngines() {
        release.countDown();
        engines.forEach(Engine::close);
    }

    private Engine start(Engine.Builder b) {
        Engine e = b.scheduler(time).build();
        engines.add(e);
        e.start();
        return e;
    }

    private GroupSpec.Builder<Object, Object> group(String name) {
        return GroupSpec.builder(name, Object.class).backoff(Backoff.linear(Duration.ofMillis(7))).handler(() -> (m, ctx) -> {
            if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            }
            if ("hold".equals(m)) {
                release.await();
            }
        });
    }

    private List<RecordedEvent> read(Recording r) throws Exception {
        r.stop();
        Path file = dir.resolve("rampart.jfr");
        r.dump(file);
        List<RecordedEvent> out = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().startsWith("rampart.")) {
                out.add(e);
            }
        }
        Files.delete(file);
        return out;
    }

    @Test
    void restartEscalationRingFullAndSlowHandlerAreRecordedWithTheirFields() throws Exception {
        try (Recording r = new Recording()) {
            r.enable("rampart.Restart");
            r.enable("rampart.Escalation");
            r.enable("rampart.RingFull");
            r.enable("rampart.SlowHandler");
            r.start();

            // A restart, then an escalation: the sub-supervisor allows one restart a minute.
            Engine sup = start(Engine.builder().name("jfr-sup").supervisor(SupervisorSpec.builder("sub")
                    .intensity(1, Duration.ofMinutes(1)).group(group("r").build()).build()));
            sup.distributor("r").tellOne("boom");
            await().atMost(Duration.ofSeconds(10)).until(() -> sup.slots().get(0).failures() == 1);
            time.advance(Duration.ofMillis(7));
            await().atMost(Duration.ofSeconds(10)).until(() -> sup.slots().get(0).state() == SlotState.RUNNING);
            sup.distributor("r").tellOne("boom");
            await().atMost(Duration.ofSeconds(10)).until(() -> sup.supervisors().get(1).escalations() == 1);

            // A ring-full refusal: one slot, a ring of 2 (the message in hand counts), the handler held, failFast.
            Engine full = start(Engine.builder().name("jfr-full").group(group("f").ringSize(2)
                    .backpressure(Backpressure.failFast()).build()));
            Distributor<Object, Object> f = full.distributor("f");
            f.tellOne("hold");
            await().atMost(Duration.ofSeconds(10)).until(() -> full.slots().get(0).backlog() == 1);
            f.tellOne("queued"); // the ring holds the message in hand and this one
            assertThatThrownBy(() -> f.tellOne("refused", "trace-refused")).isInstanceOf(RingFullException.class);

            // A slow handler: stalled past 100 ms on virtual time, then released.
            Engine slow = start(Engine.builder().name("jfr-slow").group(group("s").stallAfter(Duration.ofMillis(100)).build()));
            slow.distributor("s").tellOne("hold", "trace-slow");
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.slots().get(0).backlog() == 1);
            for (int i = 0; i < 3; i++) {
                time.advance(Duration.ofMillis(50));
            }
            assertThat(slow.slots().get(0).stalled()).isTrue();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.slots().get(0).backlog() == 0
                    && full.slots().get(0).backlog() == 0);
            time.advance(Duration.ofMillis(50));
            assertThat(slow.slots().get(0).stalled()).isFalse();

            List<RecordedEvent> events = read(r);
            assertThat(events).extracting(e -> e.getEventType().getName()).containsExactlyInAnyOrder(
                    "rampart.Restart", "rampart.Escalation", "rampart.Restart", "rampart.RingFull", "rampart.SlowHandler");

            RecordedEvent restart = first(events, "rampart.Restart");
            assertThat(restart.getString("engine")).isEqualTo("jfr-sup");
            assertThat(restart.getString("group")).isEqualTo("r");
            assertThat(restart.getInt("slot")).isZero();
            assertThat(restart.getString("cause")).contains("boom");
            assertThat(restart.getDuration("backoff")).isEqualTo(Duration.ofMillis(7));

            RecordedEvent escalation = first(events, "rampart.Escalation");
            assertThat(escalation.getString("supervisor")).isEqualTo("sub");
            assertThat(escalation.getString("parent")).isEqualTo("root");
            assertThat(escalation.getString("child")).isEqualTo("group 'r'");

            RecordedEvent ringFull = first(events, "rampart.RingFull");
            assertThat(ringFull.getString("engine")).isEqualTo("jfr-full");
            assertThat(ringFull.getString("group")).isEqualTo("f");
            assertThat(ringFull.getInt("capacity")).isEqualTo(2);
            assertThat(ringFull.getString("policy")).isEqualTo(Backpressure.failFast().refusal());
            assertThat(ringFull.getString("correlation")).isEqualTo("trace-refused");

            RecordedEvent slowHandler = first(events, "rampart.SlowHandler");
            assertThat(slowHandler.getString("group")).isEqualTo("s");
            assertThat(slowHandler.getDuration("busy")).isEqualTo(Duration.ofMillis(150));
            assertThat(slowHandler.getString("correlation")).isEqualTo("trace-slow");
        }
    }

    @Test
    void anEventTypeTheRecordingDisablesIsNotWritten() throws Exception {
        try (Recording r = new Recording()) {
            r.disable("rampart.RingFull"); // custom events are enabled by default in a recording
            r.start();
            Engine full = start(Engine.builder().name("jfr-off").group(group("f").ringSize(1)
                    .backpressure(Backpressure.failFast()).build()));
            Distributor<Object, Object> f = full.distributor("f");
            f.tellOne("hold");
            await().atMost(Duration.ofSeconds(10)).until(() -> full.slots().get(0).backlog() == 1);
            assertThatThrownBy(() -> f.tellOne("refused")).isInstanceOf(RingFullException.class);
            release.countDown();
            assertThat(read(r)).isEmpty();
        }
    }

    private static RecordedEvent first(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).findFirst().orElseThrow();
    }
}
