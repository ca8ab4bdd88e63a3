/**
 * Rampart: groups of load-balanced workers under supervisors, on preallocated per-slot rings.
 *
 * <pre>
 *  callers (any thread)                    one group = N consumer slots
 *  tellOne / askOne ──► sequencer stage ──► slot 0: ring (preallocated events) ──► consumer 0 ──► handler
 *  tellEveryone     ──►  (LoadBalancer:  ──► slot 1: ring                       ──► consumer 1 ──► handler
 *  askEveryone           pick a slot)    ──► slot N: ring                       ──► consumer N ──► handler
 *                                                         ▲                            │ failure
 *                                                         │ restart in place           ▼
 *                                                         └──────────────── supervisor (strategy, backoff, limits)
 *  replies: consumer ──► the ask's completion (a CompletableFuture), or dead letters when late
 * </pre>
 *
 * <h2>What a user names</h2>
 * {@link io.rampart.Engine} and its builder, {@link io.rampart.GroupSpec},
 * {@link io.rampart.SupervisorSpec}, {@link io.rampart.Distributor}, {@link io.rampart.Handler},
 * {@link io.rampart.Context}, {@link io.rampart.Reply}, the policies ({@link io.rampart.WaitStrategy},
 * {@link io.rampart.Backpressure}, {@link io.rampart.Backoff}, {@link io.rampart.RestartPolicy},
 * {@link io.rampart.SupervisionStrategy}), time ({@link io.rampart.Scheduler},
 * {@link io.rampart.ManualScheduler}), what the engine reports ({@link io.rampart.DeadLetter},
 * {@link io.rampart.SlotInfo}, {@link io.rampart.SupervisorInfo}) and its exceptions. The load
 * balancers are in {@link io.rampart.balance}.
 *
 * <h2>Packages and layers, top to bottom</h2>
 * The module ({@code io.rampart}) exports this package and {@code io.rampart.balance};
 * {@code io.rampart.internal} is not exported. Each layer uses only the ones below it, and no two
 * files reach each other in a loop: two build tests read the compiled classes with {@code jdeps}
 * ({@code NoFileCyclesTest} fails on any loop but the JDK's idiom of an interface with its built-in
 * implementations; {@code LayersTest} fails if anything but the front door reaches into the
 * internals, if the internals reach back up, or if an API signature names an internal type).
 * <ol>
 * <li><b>The front door</b> ({@code io.rampart}): {@code Engine} checks its input, builds the
 *     supervision tree from the specs and delegates to {@code internal.EngineCore};
 *     {@code Distributor} is a group's handle.</li>
 * <li><b>The engine's core</b> ({@code io.rampart.internal}): {@code EngineCore} owns the threads,
 *     the life-cycle state machine, close with a deadline, and termination (counted by
 *     {@code Termination}).</li>
 * <li><b>Supervision</b>: {@code Supervision} decides (restart which slots, after what backoff,
 *     escalate, stop) over a sealed tree of {@code Supervised} members ({@code SupervisorNode},
 *     {@code Group}); it calls slots with requests and never writes their state.</li>
 * <li><b>Routing</b>: {@code Group} is the sequencer stage (balancer, claim, publish, backpressure,
 *     all-or-nothing broadcast, hand-over). It sees the engine only through {@code Core}.</li>
 * <li><b>The slot</b>: {@code Slot} is the consumer loop (control requests, handling, retries,
 *     draining, idling); it sees its group only through {@code Slot.Host}. {@code SlotContext} is the
 *     handler's view of one message.</li>
 * <li><b>Protocols</b>, each proven in jcstress ({@code src-test/jcstress}): {@code SlotRing} (claim,
 *     publish, poll, close; it knows sequences only, and what a slot's ring carries is a
 *     {@code Delivery}), {@code Doorbell} (both halves of park and wake), {@code Ask} (exactly one
 *     completion), {@code AskTimer} (the lock-free stack of asks in flight),
 *     {@code RestartGenerations} (grants only move forward).</li>
 * <li><b>The vocabulary</b> (this package but the front door, and {@code io.rampart.balance}): specs,
 *     policies, the handler's interfaces, infos and exceptions. They use nothing above them; the
 *     policies own their behaviour (a {@link io.rampart.WaitStrategy} holds both halves of waiting, a
 *     {@link io.rampart.Backpressure} answers what a full ring does), so no code above switches on a
 *     policy's kind.</li>
 * </ol>
 */
package io.rampart;

