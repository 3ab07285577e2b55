/**
 * The device's identity on the client: creating an account ({@link chat.mz.client.identity.AccountCreator}),
 * keeping it in a passphrase-sealed keystore next to a small file of non-secret facts
 * ({@link chat.mz.client.identity.LocalIdentity}), unlocking it, logging in on a connection
 * ({@link chat.mz.client.identity.DeviceLogin}, fed by {@link chat.mz.client.identity.ServerHelloTracker}),
 * looking up and checking an account's devices ({@link chat.mz.client.identity.DeviceDirectory}) and,
 * on the device that holds K_id, adding and revoking devices ({@link chat.mz.client.identity.DeviceManager}).
 * Nothing here touches JavaFX; slow work (key generation, Argon2) runs on a caller-given executor.
 */
package chat.mz.client.identity;
