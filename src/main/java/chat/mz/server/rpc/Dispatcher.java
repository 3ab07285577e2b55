package chat.mz.server.rpc;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.MalformedMessageException;
import chat.mz.protocol.RpcError;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.RpcMethod;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one dispatch table: reads a frame with the shared codec, finds the method's
 * handler, and writes the answer. Every failure becomes an error answer; nothing a client sends
 * can throw out of here.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final JsonCodec codec;
    private final Map<String, Route<?, ?>> routes = new ConcurrentHashMap<>();

    public Dispatcher(JsonCodec codec) {
        this.codec = codec;
    }

    public <P, R> void register(RpcMethod<P, R> method, RpcHandler<P, R> handler) {
        if (routes.putIfAbsent(method.name(), new Route<>(method, handler)) != null) {
            throw new IllegalStateException(method.name() + " has a handler already");
        }
    }

    /**
     * Handles one text frame. {@code reply} gets the answer, if there is one, possibly later and on
     * another thread.
     */
    public void handle(ConnectionContext connection, String frame, Consumer<String> reply) {
        RpcMessage message;
        try {
            message = codec.decode(frame);
        } catch (MalformedMessageException e) {
            reply.accept(codec.encode(e.toResponse()));
            return;
        }
        if (message instanceof RpcMessage.Request request) {
            call(connection, request.method(), request.params()).whenComplete((result, failure) -> {
                if (failure instanceof CancellationException || failure != null
                        && failure.getCause() instanceof CancellationException) {
                    // the call was dropped because its connection closed: there is no one to answer
                    return;
                }
                reply.accept(codec.encode(answer(request, result, failure)));
            });
        } else if (message instanceof RpcMessage.Notification notification) {
            call(connection, notification.method(), notification.params());
        } else if (message instanceof RpcMessage.Response response) {
            reply.accept(codec.encode(new RpcMessage.ErrorResponse(response.id(), new RpcError(
                    ErrorCode.INVALID_REQUEST.code(), "The homeserver sends no requests, so it expects no answers.",
                    null))));
        } else {
            LOG.debug("Ignored an error answer from connection {}", connection.id());
        }
    }

    private CompletionStage<JsonNode> call(ConnectionContext connection, String method, JsonNode params) {
        Route<?, ?> route = routes.get(method);
        if (route == null) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.METHOD_NOT_FOUND,
                    "There is no method named \"" + JsonCodec.shorten(method) + "\"."));
        }
        try {
            return route.invoke(connection, params);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private RpcMessage answer(RpcMessage.Request request, JsonNode result, Throwable failure) {
        if (failure == null) {
            return new RpcMessage.Response(request.id(), result);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RpcException rpc) {
            return new RpcMessage.ErrorResponse(request.id(), rpc.error());
        }
        LOG.error("{} failed unexpectedly", request.method(), cause);
        return new RpcMessage.ErrorResponse(request.id(), RpcError.of(ErrorCode.INTERNAL_ERROR));
    }

    private final class Route<P, R> {
        private final RpcMethod<P, R> method;
        private final RpcHandler<P, R> handler;

        Route(RpcMethod<P, R> method, RpcHandler<P, R> handler) {
            this.method = method;
            this.handler = handler;
        }

        CompletionStage<JsonNode> invoke(ConnectionContext connection, JsonNode params) {
            P typed = codec.readParams(params, method.paramsType());
            return handler.handle(connection, typed).thenApply(codec::toTree);
        }
    }
}
