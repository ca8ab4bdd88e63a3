package io.rampart;

import io.rampart.balance.LoadBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad input gets a specific error naming the problem, and the engine keeps working after it. */
class BadInputTest {
    private Engine engine;
    private Distributor<Object, Object> echo;

    @BeforeEach
    void start() {
        engine = Engine.builder().name("bad").closeTimeout(Duration.ofSeconds(5))
                .group(GroupSpec.builder("echo", Object.class).redundancy(2).handler(() -> (m, ctx) -> {
                    if (ctx.isAsk()) {
                        ctx.reply(m);
                    }
                }).build())
                .build();
        engine.start();
        echo = engine.distributor("echo");
    }

    @AfterEach
    void close() {
        engine.close();
        assertThat(engine.isTerminated()).isTrue();
    }

    private void stillWorks() {
        echo.tellOne("fine");
        assertThat(echo.askOne("ok").join()).isEqualTo("ok");
    }

    @Test
    void nullMessages() {
        assertThatThrownBy(() -> echo.tellOne(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("message to group 'echo' must not be null");
        assertThatThrownBy(() -> echo.tryTellOne(null)).hasMessageContaining("group 'echo'");
        assertThatThrownBy(() -> echo.tellEveryone(null)).hasMessageContaining("group 'echo'");
        assertThatThrownBy(() -> echo.askOne(null)).hasMessageContaining("group 'echo'");
        assertThatThrownBy(() -> echo.askEveryone(null)).hasMessageContaining("group 'echo'");
        stillWorks();
    }

    @Test
    void unknownGroup() {
        assertThatThrownBy(() -> engine.distributor("nope")).isInstanceOf(NoSuchGroupException.class)
                .hasMessage("no group named 'nope' in engine 'bad'; groups are [echo]");
        stillWorks();
    }

    @Test
    void nonPositiveAskTimeouts() {
        assertThatThrownBy(() -> echo.askOne("m", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ask timeout for group 'echo' must be positive, was PT0S");
        assertThatThrownBy(() -> echo.askOne("m", Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> echo.askEveryone("m", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.askOne("m", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ask timeout for group 'echo'");
        assertThatThrownBy(() -> Engine.builder().askTimeout(Duration.ZERO))
                .hasMessage("ask timeout must be positive, was PT0S");
        stillWorks();
    }

    @Test
    void badGroupDefinitions() {
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).redundancy(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 'g': redundancy must be at least 1, was 0");
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).ringSize(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 'g': ring size must be a power of two from 1 to 1073741824, was 1000");
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).ringSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupSpec.builder("g", Object.class).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("group 'g': no handler factory");
        assertThatThrownBy(() -> GroupSpec.builder(" ", Object.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadBalancer.consistentHash(m -> m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("virtual nodes");
        stillWorks();
    }

    @Test
    void duplicateGroupName() {
        GroupSpec<Object, Object> a = GroupSpec.builder("dup", Object.class).handler(() -> (m, c) -> { }).build();
        GroupSpec<Object, Object> b = GroupSpec.builder("dup", Object.class).handler(() -> (m, c) -> { }).build();
        assertThatThrownBy(() -> Engine.builder().name("e").group(a).group(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 'dup' is already defined in engine 'e'");
        stillWorks();
    }

    @Test
    void sendingBeforeStartIsRejected() {
        Engine notStarted = Engine.builder().name("idle")
                .group(GroupSpec.builder("g", Object.class).handler(() -> (m, c) -> { }).build()).build();
        Distributor<Object, Object> g = notStarted.distributor("g");
        assertThatThrownBy(() -> g.tellOne("m")).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine 'idle' is not started: call start() before sending to group 'g'");
        assertThatThrownBy(() -> g.askOne("m")).isInstanceOf(IllegalStateException.class);
        notStarted.close();
        assertThat(notStarted.isTerminated()).isTrue();
    }

    @Test
    void everyCallAfterCloseIsRejected() {
        engine.close();
        assertThatThrownBy(() -> echo.tellOne("m")).isInstanceOf(EngineClosedException.class)
                .isNotInstanceOf(IllegalStateException.class) // not started: IllegalStateException; closed: this
                .hasMessage("engine 'bad' is closed: cannot send to group 'echo'");
        assertThatThrownBy(() -> echo.tryTellOne("m")).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> echo.tellEveryone("m")).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> echo.askOne("m")).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> echo.askEveryone("m")).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> engine.distributor("echo")).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine 'bad' was already closed");
        engine.close(); // idempotent
    }

    @Test
    void aSettingMadeApartFromAGroupNamesTheSettingAndTheValue() {
        // No group to name yet: the README says these name the setting instead.
        assertThatThrownBy(() -> Backpressure.block(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backpressure bound must be positive, was PT0S");
        assertThatThrownBy(() -> Engine.builder().askTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ask timeout must be positive, was PT0S");
        stillWorks();
    }

    @Test
    void startingTwiceIsRejected() {
        assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine 'bad' was already started");
        stillWorks();
    }

    @Test
    void aFailingHandlerFactoryFailsStartAndLeavesNoThreads() {
        Engine broken = Engine.builder().name("broken")
                .group(GroupSpec.builder("ok", Object.class).redundancy(2).handler(() -> (m, c) -> { }).build())
                .group(GroupSpec.builder("bad", Object.class).redundancy(2).handler(() -> {
                    throw new IllegalStateException("no database");
                }).build())
                .build();
        assertThatThrownBy(broken::start).isInstanceOf(RampartException.class)
                .hasMessageMatching("group 'bad' slot [01]: handler factory failed")
                .hasRootCauseMessage("no database");
        assertThat(broken.isTerminated()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("broken-"));
    }
}
