package chat.mz.client.identity;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.LoginResult;

/**
 * How one automatic login went: logged in, or why not.
 *
 * @param result  the server's answer; null when it failed
 * @param failure why it failed; null when it worked
 */
public record LoginOutcome(LoginResult result, Throwable failure) {

    public boolean loggedIn() {
        return failure == null;
    }

    /** The homeserver said this device has been revoked: logging in again is pointless. */
    public boolean revoked() {
        return failure instanceof RpcException rpc && rpc.is(ErrorCode.DEVICE_REVOKED);
    }
}
