package chat.mz.protocol;

/**
 * The notification a homeserver sends as soon as a connection opens: who it is and the limits a
 * client should respect.
 *
 * @param server            the server software's name
 * @param version           its version
 * @param maxFrameBytes     the largest text frame it accepts; a larger one closes the connection
 * @param mailboxWaitMillis how long a waiting SyncMailbox call is held before "no data yet"
 */
public record ServerHello(String server, String version, int maxFrameBytes, long mailboxWaitMillis) {
}
