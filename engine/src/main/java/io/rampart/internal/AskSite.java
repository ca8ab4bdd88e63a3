package io.rampart.internal;

import io.rampart.WaitStrategy;

/**
 * What every future-returning ask of one group shares: where its late answers go and how its callers
 * wait in {@code get}/{@code join}. One object per group, referenced by each {@link Ask}, so the caller-side
 * wait adds no field to an ask (an ask's size is its whole per-call cost).
 *
 * @param group       the group's name, for errors and dead letters
 * @param deadLetters where late answers go
 * @param callerWait  how a caller blocked on the ask waits before it parks; null to park at once
 * @param answerType  the group's declared answer class: an answer of another class never completes an ask
 * @param stats       the group's ask counts (timeouts, in flight)
 */
record AskSite(String group, DeadLetters deadLetters, WaitStrategy callerWait, Class<?> answerType, AskStats stats) {
}
