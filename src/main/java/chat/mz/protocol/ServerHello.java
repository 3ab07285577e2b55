package chat.mz.protocol;

/**
 * The notification a homeserver sends as soon as a connection opens: who it is, the limits a client
 * should respect, and this connection's login challenge.
 *
 * @param server            the server software's name
 * @param version           its version
 * @param maxFrameBytes     the largest text frame it accepts; a larger one closes the connection
 * @param mailboxWaitMillis how long a waiting SyncMailbox call is held before "no data yet"
 * @param serverName        the name devices sign into their login proofs
 * @param loginNonce        random bytes, new for every connection, that a {@code Login} must sign
 */
public record ServerHello(String server, String version, int maxFrameBytes, long mailboxWaitMillis,
                          String serverName, byte[] loginNonce) {
}
