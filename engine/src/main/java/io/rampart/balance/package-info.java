/**
 * Load balancers: how a group's sequencer stage picks the slot of each message.
 *
 * <p>{@link io.rampart.balance.LoadBalancer} is the strategy, with the built-ins as its static
 * factories (round robin, random, least loaded, power of two choices, consistent hashing on a key);
 * {@link io.rampart.balance.Slots} is the read-only view of a group it chooses from (size, each slot's
 * state and backlog). Write your own by implementing {@code LoadBalancer}. Nothing here knows the
 * engine's internals: a balancer sees slots only through {@code Slots}.
 */
package io.rampart.balance;
