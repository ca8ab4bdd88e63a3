package io.rampart.http;

import io.rampart.EngineClosedException;
import io.rampart.GroupStoppedException;
import io.rampart.NoReplyException;
import io.rampart.SlotUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failed dispatch into an HTTP status and a short reason, the same way for every variant:
 * a bad {@code n} is a 400; anything else the request could not get an answer for is a 503 whose
 * body (and {@code /stats} counter) names why.
 */
final class Outcome {
    static final String TIMEOUT = "timeout";
    static final String BUSY = "busy";
    static final String CRASHED = "worker crashed";
    static final String CONNECTION_LOST = "connection lost";
    static final String UNAVAILABLE = "unavailable";
    static final String NO_REPLY = "no reply";

    private Outcome() {
    }

    /** The failure inside a future's wrapping exceptions. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @return 400 for a bad request, else 503 */
    static int status(Throwable e) {
        return unwrap(e) instanceof IllegalArgumentException ? 400 : 503;
    }

    /** @return the short reason a client gets in the body and {@code /stats} counts by */
    static String reason(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof IllegalArgumentException) {
            return "bad request: " + t.getMessage();
        }
        if (t instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof RejectedExecutionException) {
            return BUSY;
        }
        if (t instanceof Faults.WorkerCrash) {
            return CRASHED;
        }
        if (t instanceof Faults.ConnectionLost) {
            return CONNECTION_LOST;
        }
        if (t instanceof SlotUnavailableException || t instanceof GroupStoppedException
                || t instanceof EngineClosedException) {
            return UNAVAILABLE;
        }
        if (t instanceof NoReplyException) {
            return NO_REPLY;
        }
        return "failed: " + t.getClass().getSimpleName();
    }
}
