/**
 * "Link a device": the dialog on the account's authorized device that shows a QR code for a new
 * device to scan, then the device that answered with its check code, and links it only once the
 * person approves. {@link chat.mz.ui.link.LinkDeviceViewModel} holds the state (no scene graph),
 * {@link chat.mz.ui.link.LinkDeviceView} draws it, {@link chat.mz.ui.link.LinkDeviceDialog} puts it in
 * a modal window, and {@link chat.mz.ui.link.DeviceAddingLinks} runs each link on the client core's
 * {@link chat.mz.client.devices.DeviceAdding}.
 */
package chat.mz.ui.link;
