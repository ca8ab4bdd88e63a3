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
 * {@link io.rampart.SupervisionStrategy}, {@link io.rampart.LoadBalancer}), time
 * ({@link io.rampart.Scheduler}, {@link io.rampart.ManualScheduler}), what the engine reports
 * ({@link io.rampart.DeadLetter}, {@link io.rampart.SlotInfo}, {@link io.rampart.SupervisorInfo}) and
 * its exceptions. Every other type in this package is package-private.
 *
 * <h2>Layers, top to bottom</h2>
 * Each layer uses only the ones below it; no two files reach each other in a loop (a build test,
 * {@code NoFileCyclesTest}, reads the compiled classes with {@code jdeps} and fails on any loop but
 * the JDK's idiom of an interface with its built-in implementations).
 * <ol>
 * <li><b>The front door</b>: {@code Engine} (lifecycle and termination), {@code Distributor}.</li>
 * <li><b>Supervision</b>: {@code Supervision} decides (restart which slots, after what backoff,
 *     escalate, stop) over a sealed tree of {@code Supervised} members ({@code SupervisorNode},
 *     {@code Group}); it calls back into slots with requests and never writes their state.</li>
 * <li><b>Routing</b>: {@code Group} is the sequencer stage (balancer, claim, publish, backpressure,
 *     all-or-nothing broadcast, hand-over). It sees the engine only through {@code Core}.</li>
 * <li><b>The slot</b>: {@code Slot} is the consumer loop (control requests, handling, retries,
 *     draining, idling); it sees its group only through {@code Slot.Host}. {@code SlotContext} is the
 *     handler's view of one message.</li>
 * <li><b>Protocols</b>, each proven in jcstress beside the code: {@code SlotRing} (claim, publish, poll,
 *     close, skip), {@code Doorbell} (both halves of park and wake), {@code Ask} (exactly one
 *     completion), {@code AskTimer} (the lock-free stack of asks in flight),
 *     {@code RestartGenerations} (grants only move forward). The ring knows nothing of asks or
 *     supervision.</li>
 * </ol>
 */
package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.internal.Ask;
import io.rampart.internal.AskTimer;
import io.rampart.internal.Core;
import io.rampart.internal.Doorbell;
import io.rampart.internal.Group;
import io.rampart.internal.RestartGenerations;
import io.rampart.internal.Slot;
import io.rampart.internal.SlotContext;
import io.rampart.internal.SlotRing;
import io.rampart.internal.Supervised;
import io.rampart.internal.Supervision;
import io.rampart.internal.SupervisorNode;

