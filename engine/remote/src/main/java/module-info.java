/**
 * Rampart remote groups over Aeron: codecs over Agrona's buffers ({@link io.rampart.remote.Codec}), the wire frame,
 * and peer authentication by a shared secret. See the package {@link io.rampart.remote}.
 */
module io.rampart.remote {
    requires transitive io.rampart;
    // Agrona 2.6 (Automatic-Module-Name org.agrona): DirectBuffer and MutableDirectBuffer are the codecs' API.
    requires transitive org.agrona;
    // Aeron 1.47 jars have no module descriptor; these are their Automatic-Module-Names.
    requires io.aeron.client;
    requires io.aeron.driver;

    exports io.rampart.remote;
    // io.rampart.remote.internal (InFlightAsks) is not exported: the node's own, public for the jcstress suite on
    // the class path.
}
