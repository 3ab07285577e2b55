package chat.mz.server.account;

import chat.mz.protocol.NotificationType;

/** What the account service may do to a client connection besides answering it: push and hang up. */
public interface DeviceChannel {

    /** Sends a notification; does nothing if the connection has closed meanwhile. */
    <P> void notify(NotificationType<P> type, P params);

    /** Closes the connection with a WebSocket close code and a reason for people. */
    void close(int code, String reason);
}
