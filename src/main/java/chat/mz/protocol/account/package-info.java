/**
 * The wire messages of accounts and devices: {@code Register}, {@code Login}, {@code GetDevices},
 * {@code PublishDevice}, {@code RevokeDevice}. Certificates, device lists and revocations travel as
 * their canonical encodings (see {@code chat.mz.identity}), base64 on the wire.
 */
package chat.mz.protocol.account;
