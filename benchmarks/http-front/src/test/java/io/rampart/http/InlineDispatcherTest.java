package io.rampart.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The calibration variant answers every URI with the body the workers would compute, including a changed URI. */
class InlineDispatcherTest {
    @Test
    void answersEachUriWithTheBodyTheWorkComputesEvenWhenTheUriChanges() {
        try (InlineDispatcher inline = new InlineDispatcher()) {
            String a = "/work?n=1234";
            String b = "/work?n=77";
            assertThat(inline.dispatch(a).join()).isEqualTo(Work.answer(a));
            assertThat(inline.dispatch(a).join()).isEqualTo(Work.answer(a));
            assertThat(inline.dispatch(b).join()).isEqualTo(Work.answer(b));
            assertThat(inline.dispatch(a).join()).isEqualTo(Work.answer(a));
        }
    }

    @Test
    void aBadUriFailsItsFutureInsteadOfThrowing() {
        try (InlineDispatcher inline = new InlineDispatcher()) {
            assertThat(inline.dispatch("/work?n=not-a-number")).isCompletedExceptionally();
        }
    }
}
