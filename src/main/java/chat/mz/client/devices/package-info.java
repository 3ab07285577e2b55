/**
 * Linking, listing and revoking an account's devices, end to end: the glue between the link flows
 * of {@link chat.mz.client.pairing} and the identity of {@link chat.mz.client.identity}. On the
 * authorized device, {@link chat.mz.client.devices.DeviceAdding} runs a link whose certificate K_id
 * signs ({@link chat.mz.client.devices.RootKeyIssuer}) and then publishes the device; on the new
 * device, {@link chat.mz.client.devices.DeviceJoining} answers the link, stores the keys and
 * certificate sealed, and logs in.
 */
package chat.mz.client.devices;
