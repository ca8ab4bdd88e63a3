/** A user of the engine on the module path: it reads only what {@code io.rampart} exports. */
module io.rampart.consumer {
    requires io.rampart;
}
