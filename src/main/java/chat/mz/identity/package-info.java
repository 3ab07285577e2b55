/**
 * Identity, shared by client and server: the {@link chat.mz.identity.DeviceCertificate} that binds
 * a device's keys to an account's root identity key K_id, the {@link chat.mz.identity.Revocation}
 * that takes a device back, the signed {@link chat.mz.identity.DeviceList}, all over one
 * {@link chat.mz.identity.Canonical} byte encoding; and the passphrase-sealed
 * {@link chat.mz.identity.Keystore} a device keeps its private keys in.
 */
package chat.mz.identity;
