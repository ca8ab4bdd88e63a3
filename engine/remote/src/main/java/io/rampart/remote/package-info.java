/**
 * Remote groups over Aeron. A {@link io.rampart.remote.Node} is an engine plus an Aeron endpoint
 * ({@link io.rampart.remote.Endpoint}: UDP unicast, or IPC between processes sharing a media driver): it hosts some
 * of its engine's groups for its peers, and mirrors groups whose slots live on peers
 * ({@link io.rampart.remote.RemoteGroup}) in its engine, so that senders use the engine's own
 * {@code Distributor}. {@link io.rampart.remote.Node} states what a send to a remote group promises; peers and their
 * traffic are in {@link io.rampart.remote.Node#peers()} and {@link io.rampart.remote.PeerListener}.
 *
 * <p>The codecs that carry a group's messages across the wire ({@link io.rampart.remote.Codec},
 * {@link io.rampart.remote.Codecs}), the counts of what a node received and refused
 * ({@link io.rampart.remote.RemoteCounters}), and why a frame or a peer was refused
 * ({@link io.rampart.remote.Rejection}, {@link io.rampart.remote.HelloRefusal}).
 *
 * <p>Every frame starts with a fixed 32-byte little-endian header (magic, version, {@link io.rampart.remote.FrameType},
 * flags, sender node, group id, correlation id, payload length) followed by the payload. A frame is validated whole
 * before anything is dispatched; a frame that fails is counted under its {@link io.rampart.remote.Rejection} and
 * dropped, never thrown. A peer proves it holds the shared secret in its first frame, a HELLO (an HMAC-SHA256 of its
 * node id, the receiver's node id, a nonce and a timestamp); until then every other frame it sends is refused.
 *
 * <p>Agrona 2.6, which this module's API is built on, reaches into {@code jdk.internal.misc} for its buffers: a JVM
 * that uses this module needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (on the class path);
 * without it the first Agrona buffer fails with an {@code IllegalAccessError} from {@code org.agrona.UnsafeApi}.
 * The engine itself needs no such flag.
 */
package io.rampart.remote;
