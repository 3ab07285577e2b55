/**
 * Accounts and device login on the homeserver: {@code Register}, {@code Login}, {@code GetDevices},
 * {@code GetDeviceActivity}, {@code PublishDevice} and {@code RevokeDevice}. The server only ever
 * receives public keys and signed statements; it checks every signature against the account's root key K_id before storing
 * anything, keeps state through {@link chat.mz.server.store.AccountStore}, and cuts off a device's
 * live connections the moment it is revoked. Other features learn who a connection is from
 * {@link chat.mz.server.account.LoginState}.
 */
package chat.mz.server.account;
