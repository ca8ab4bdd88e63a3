package io.rampart.remote;

/**
 * A price quote: the small fixed-layout message {@link QuoteCodec} carries, an example of a user's own message type.
 *
 * @param instrument  the instrument's id
 * @param priceMicros the price in millionths of the currency unit (no floating point on the wire)
 * @param quantity    how many
 */
public record Quote(long instrument, long priceMicros, int quantity) {
}
