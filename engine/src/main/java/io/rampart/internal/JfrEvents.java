package io.rampart.internal;

import io.rampart.SupervisionEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The engine's JDK Flight Recorder events: {@code rampart.Restart}, {@code rampart.Escalation},
 * {@code rampart.RingFull} and {@code rampart.SlowHandler}. Each is cheap when JFR is off or the
 * event is disabled: the check is {@link Event#isEnabled()} on an instance the JIT can keep off the
 * heap, before any field is filled. Restarts, escalations and slow handlers come from the supervision
 * events ({@link SupervisionEvents}); a slow handler is a slot that recovered from a stall, so its
 * threshold is the group's {@code stallAfter}, defined once, and groups without one record none.
 *
 * <p>Like any custom JFR event they are enabled in a recording unless its settings disable them
 * ({@code jfr configure}, or {@code Recording.disable("rampart.RingFull")}); none records a stack trace
 * by default, so a flood of refusals under overload stays cheap to record ({@code #stackTrace=true}
 * in the settings turns it on for one type).
 */
final class JfrEvents {
    private JfrEvents() {
    }

    /** Records {@code event} if JFR has a type for it and that type is enabled. */
    static void record(SupervisionEvent event) {
        if (event instanceof SupervisionEvent.Restart r) {
            Restart e = new Restart();
            if (e.isEnabled()) {
                e.engine = r.engine();
                e.group = r.group();
                e.slot = r.slot();
                e.cause = String.valueOf(r.cause());
                e.backoff = r.backoff().toNanos();
                e.commit();
            }
        } else if (event instanceof SupervisionEvent.Escalation x) {
            Escalation e = new Escalation();
            if (e.isEnabled()) {
                e.engine = x.engine();
                e.supervisor = x.supervisor();
                e.child = x.child();
                e.parent = x.parent();
                e.why = x.why();
                e.cause = String.valueOf(x.cause());
                e.commit();
            }
        } else if (event instanceof SupervisionEvent.SlotRecovered s) {
            SlowHandler e = new SlowHandler();
            if (e.isEnabled()) {
                e.engine = s.engine();
                e.group = s.group();
                e.slot = s.slot();
                e.busy = s.busyFor().toNanos();
                e.correlation = s.correlation() == null ? null : String.valueOf(s.correlation());
                e.commit();
            }
        }
    }

    /** A send refused (thrown, failed or dead-lettered) because its slot's ring was full. */
    static void ringFull(String engine, String group, int slot, int capacity, String policy, Object correlation) {
        RingFull e = new RingFull();
        if (e.isEnabled()) {
            e.engine = engine;
            e.group = group;
            e.slot = slot;
            e.capacity = capacity;
            e.policy = policy;
            e.correlation = correlation == null ? null : String.valueOf(correlation);
            e.commit();
        }
    }

    @Name("rampart.Restart")
    @Label("Slot Restart")
    @Category("Rampart")
    @Description("Supervision decided to restart a slot's handler in place")
    @StackTrace(false)
    static final class Restart extends Event {
        @Label("Engine") String engine;
        @Label("Group") String group;
        @Label("Slot") int slot;
        @Label("Cause") String cause;
        @Label("Backoff") @Timespan(Timespan.NANOSECONDS) long backoff;
    }

    @Name("rampart.Escalation")
    @Label("Supervisor Escalation")
    @Category("Rampart")
    @Description("A supervisor gave up on a child and passed the failure to its parent (or, at the root, stopped it)")
    @StackTrace(false)
    static final class Escalation extends Event {
        @Label("Engine") String engine;
        @Label("Supervisor") String supervisor;
        @Label("Child") String child;
        @Label("Parent") String parent;
        @Label("Why") String why;
        @Label("Cause") String cause;
    }

    @Name("rampart.RingFull")
    @Label("Ring Full Refusal")
    @Category("Rampart")
    @Description("A send found its slot's ring full and the group's backpressure refused it")
    @StackTrace(false)
    static final class RingFull extends Event {
        @Label("Engine") String engine;
        @Label("Group") String group;
        @Label("Slot") int slot;
        @Label("Capacity") int capacity;
        @Label("Policy") String policy;
        @Label("Correlation") @Description("The context sent with the refused message, if any") String correlation;
    }

    @Name("rampart.SlowHandler")
    @Label("Slow Handler")
    @Category("Rampart")
    @Description("A handler was busy on one message past its group's stallAfter threshold, then moved again")
    @StackTrace(false)
    static final class SlowHandler extends Event {
        @Label("Engine") String engine;
        @Label("Group") String group;
        @Label("Slot") int slot;
        @Label("Busy") @Timespan(Timespan.NANOSECONDS) long busy;
        @Label("Correlation") @Description("The context sent with the message the handler was busy on, if any") String correlation;
    }
}
