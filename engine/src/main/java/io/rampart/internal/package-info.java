/**
 * The engine's internals: what only the engine sees. Not exported by the module {@code io.rampart};
 * on the class path its public types are still no API, and may change in any release.
 *
 * <p>Its layers, top to bottom, are drawn in the {@code io.rampart} package documentation:
 * {@code EngineCore} (threads, life cycle, termination), {@code Supervision}, {@code Group} (routing),
 * {@code Slot} (the consumer loop), and the protocols proven in jcstress ({@code SlotRing},
 * {@code Doorbell}, {@code Ask}, {@code AskTimer}, {@code RestartGenerations}). Types are public only
 * so that the front door and the jcstress suite (another module) can reach them.
 */
package io.rampart.internal;
