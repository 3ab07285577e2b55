package chat.mz.server.rpc;

import java.util.concurrent.CompletionStage;

/**
 * Serves one method. It may answer later (a waiting call); it must not block the calling thread.
 * Throwing {@link chat.mz.protocol.RpcException}, or completing with one, answers with that error.
 */
@FunctionalInterface
public interface RpcHandler<P, R> {
    CompletionStage<R> handle(ConnectionContext connection, P params);
}
