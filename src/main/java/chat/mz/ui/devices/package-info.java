/**
 * The Devices section: every device of the account as its identity key vouches for it, this one
 * marked, each other one revocable after a confirmation that names it
 * ({@link chat.mz.ui.devices.DevicesView} draws, {@link chat.mz.ui.devices.DevicesViewModel} decides).
 *
 * <p>The view model reaches the account only through {@link chat.mz.ui.devices.DeviceAccount}, whose
 * plain records carry no key or certificate types: the composition root adapts the client core's
 * {@code DeviceDirectory} and {@code DeviceManager} to it.
 */
package chat.mz.ui.devices;
