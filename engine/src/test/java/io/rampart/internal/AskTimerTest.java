package io.rampart.internal;

import io.rampart.AskTimeoutException;
import io.rampart.DeadLetter;
import io.rampart.EngineClosedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the timer by hand with exact instants: no thread, no sleeping. */
class AskTimerTest {
    private final List<DeadLetter> dead = new ArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters("t", dead::add);
    private final AskTimer timer = new AskTimer(() -> 0L, 1_000_000, () -> { });

    /** An ask a ring has accepted, as the send path leaves it once published. */
    private Ask<String> accepted(long timeout, long now) {
        Ask<String> a = new Ask<>("g", deadLetters, timeout, now);
        a.markAccepted();
        return a;
    }

    @Test
    void neverTimesOutAnAskNoRingHasAcceptedYet() {
        Ask<String> waitingForRoom = new Ask<>("g", deadLetters, 100, 0);
        timer.track(waitingForRoom);

        assertThat(timer.expire(1_000)).isZero();
        assertThat(waitingForRoom).isNotDone();
        waitingForRoom.markAccepted();
        assertThat(timer.expire(1_000)).isEqualTo(1);
        assertThat(waitingForRoom).isCompletedExceptionally();
    }

    @Test
    void failsAnAskExactlyAtItsDeadlineAndNotBefore() {
        Ask<String> ask = accepted(100, 1_000);
        ask.slot = 3;
        timer.track(ask);

        assertThat(timer.expire(1_099)).isZero();
        assertThat(ask).isNotDone();
        assertThat(timer.expire(1_100)).isEqualTo(1);
        assertThatThrownBy(ask::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(AskTimeoutException.class)
                .hasMessageContaining("group 'g' slot 3 timed out after PT0.0000001S");
        assertThat(timer.trackedCount()).isZero();
    }

    @Test
    void forgetsAnsweredAsksWithoutTimingThemOut() {
        Ask<String> answered = accepted(100, 0);
        Ask<String> pending = accepted(500, 0);
        timer.track(answered);
        timer.track(pending);
        answered.reply("yes");

        assertThat(timer.expire(200)).isZero();
        assertThat(timer.trackedCount()).isEqualTo(1);
        assertThat(answered.join()).isEqualTo("yes");
        assertThat(timer.expire(500)).isEqualTo(1);
        assertThat(pending).isCompletedExceptionally();
    }

    @Test
    void aReplyAfterTheTimeoutIsALateReplyDeadLetterAndASecondReplyIsAnError() {
        Ask<String> ask = accepted(10, 0);
        ask.slot = 1;
        timer.track(ask);
        timer.expire(10);

        ask.reply("too late");
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.LATE_REPLY);
            assertThat(dl.message()).isEqualTo("too late");
            assertThat(dl.group()).isEqualTo("g");
            assertThat(dl.slot()).isEqualTo(1);
        });
        assertThatThrownBy(() -> ask.reply("again"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already answered");
    }

    @Test
    void failAllCompletesEveryPendingAskWithTheCause() {
        List<Ask<String>> asks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Ask<String> a = accepted(1_000, 0);
            asks.add(a);
            timer.track(a);
        }
        asks.get(0).reply("done");
        timer.expire(1); // half the asks folded into the list, the rest still on the incoming stack
        Ask<String> late = accepted(1_000, 0);
        timer.track(late);

        EngineClosedException cause = new EngineClosedException("closed");
        assertThat(timer.failAll(cause)).isEqualTo(5);
        assertThat(asks.subList(1, 5)).allSatisfy(a -> assertThat(a).isCompletedExceptionally());
        assertThat(late).isCompletedExceptionally();
        assertThat(asks.get(0).join()).isEqualTo("done");
    }
}
