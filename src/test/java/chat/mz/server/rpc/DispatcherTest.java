package chat.mz.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.RpcMethod;
import chat.mz.protocol.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    record Echo(String text) {
    }

    private static final RpcMethod<Echo, Echo> ECHO = new RpcMethod<>("Echo", Echo.class, Echo.class);
    private static final RpcMethod<Echo, Echo> BROKEN = new RpcMethod<>("Broken", Echo.class, Echo.class);
    private static final RpcMethod<Echo, Echo> REFUSING = new RpcMethod<>("Refusing", Echo.class, Echo.class);

    private final JsonCodec codec = new JsonCodec();
    private final Dispatcher dispatcher = new Dispatcher(codec);
    private final ConnectionContext connection = new ConnectionContext(1, new byte[32]);
    private final List<String> replies = new ArrayList<>();

    DispatcherTest() {
        dispatcher.register(ECHO, (c, p) -> CompletableFuture.completedFuture(new Echo(p.text() + "!")));
        dispatcher.register(BROKEN, (c, p) -> {
            throw new IllegalStateException("secret internal detail");
        });
        dispatcher.register(REFUSING, (c, p) -> CompletableFuture.failedFuture(
                new RpcException(ErrorCode.MAILBOX_SLOT_FULL)));
    }

    @Test
    void aRequestIsAnsweredWithItsIdAndResult() throws Exception {
        RpcMessage.Response response = (RpcMessage.Response) send(
                "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"Echo\",\"params\":{\"text\":\"hi\"}}");
        assertEquals("abc", response.id().asText());
        assertEquals("hi!", response.result().get("text").asText());
    }

    @Test
    void anUnknownMethodIsNamedInTheError() throws Exception {
        RpcMessage.ErrorResponse error = (RpcMessage.ErrorResponse) send(
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"Nope\"}");
        assertEquals(5, error.id().asInt());
        assertEquals(ErrorCode.METHOD_NOT_FOUND.code(), error.error().code());
        assertEquals("There is no method named \"Nope\".", error.error().message());
    }

    @Test
    void anApplicationErrorKeepsItsCodeAndSentence() throws Exception {
        RpcMessage.ErrorResponse error = (RpcMessage.ErrorResponse) send(
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"Refusing\",\"params\":{\"text\":\"\"}}");
        assertEquals(ErrorCode.MAILBOX_SLOT_FULL.code(), error.error().code());
        assertEquals(ErrorCode.MAILBOX_SLOT_FULL.message(), error.error().message());
    }

    @Test
    void aHandlerBugBecomesAnInternalErrorWithoutItsDetails() throws Exception {
        RpcMessage.ErrorResponse error = (RpcMessage.ErrorResponse) send(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"Broken\",\"params\":{\"text\":\"\"}}");
        assertEquals(ErrorCode.INTERNAL_ERROR.code(), error.error().code());
        assertFalse(error.error().message().contains("secret"));
    }

    @Test
    void invalidParamsAreAnsweredAsSuch() throws Exception {
        RpcMessage.ErrorResponse error = (RpcMessage.ErrorResponse) send(
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"Echo\",\"params\":{\"text\":[]}}");
        assertEquals(ErrorCode.INVALID_PARAMS.code(), error.error().code());
        assertEquals("Parameter \"text\" must be a string.", error.error().message());
    }

    @Test
    void notificationsAreNeverAnswered() {
        dispatcher.handle(connection, "{\"jsonrpc\":\"2.0\",\"method\":\"Echo\",\"params\":{\"text\":\"x\"}}",
                replies::add);
        dispatcher.handle(connection, "{\"jsonrpc\":\"2.0\",\"method\":\"Nope\"}", replies::add);
        assertTrue(replies.isEmpty(), replies.toString());
    }

    @Test
    void anAnswerSentToTheServerIsRefused() throws Exception {
        RpcMessage.ErrorResponse error = (RpcMessage.ErrorResponse) send(
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}");
        assertEquals(ErrorCode.INVALID_REQUEST.code(), error.error().code());
        assertEquals(9, error.id().asInt());
    }

    @Test
    void aMethodCannotBeRegisteredTwice() {
        RpcMethod<ServerHello, ServerHello> twice = new RpcMethod<>("Echo", ServerHello.class, ServerHello.class);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> dispatcher.register(twice, (c, p) -> CompletableFuture.completedFuture(p)));
    }

    private RpcMessage send(String frame) throws Exception {
        replies.clear();
        dispatcher.handle(connection, frame, replies::add);
        assertEquals(1, replies.size(), "exactly one answer");
        return codec.decode(replies.get(0));
    }
}
