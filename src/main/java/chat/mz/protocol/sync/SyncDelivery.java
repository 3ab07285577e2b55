package chat.mz.protocol.sync;

/**
 * A {@code SyncEvent} queue item: a sealed event from another device of the same account.
 *
 * @param fromDeviceId the device that sent it, as the homeserver knows the caller; the receiver
 *                     still checks the signature inside against that device's certificate
 * @param payload      base64, the sealed event as its sender made it
 * @param at           when the homeserver queued it, milliseconds since the Unix epoch
 */
public record SyncDelivery(String fromDeviceId, String payload, long at) {
}
