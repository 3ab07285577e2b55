package chat.mz.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {
    private static final String SESSION = "AAAAAAAAAAAAAAAAAAAAAA";
    private final JsonCodec codec = new JsonCodec();

    @Test
    void aRequestSurvivesTheRoundTrip() throws Exception {
        SyncMailboxParams params = new SyncMailboxParams(SESSION, MailboxSide.RESPONDER, new byte[] {1, 2, 3}, true);
        String frame = codec.encode(new RpcMessage.Request(LongNode.valueOf(7), "SyncMailbox", codec.toTree(params)));

        assertTrue(frame.contains("\"session_id\":\"" + SESSION + "\""), frame);
        assertTrue(frame.contains("\"side\":\"responder\""), frame);
        assertTrue(frame.contains("\"payload\":\"AQID\""), frame);
        assertTrue(frame.contains("\"wait_for_data\":true"), frame);

        RpcMessage.Request request = assertInstanceOf(RpcMessage.Request.class, codec.decode(frame));
        assertEquals(7, request.id().asLong());
        SyncMailboxParams read = codec.readParams(request.params(), SyncMailboxParams.class);
        assertArrayEquals(new byte[] {1, 2, 3}, read.payload());
        assertEquals(MailboxSide.RESPONDER, read.side());
        assertTrue(read.waitForData());
    }

    @Test
    void answersAndNotificationsSurviveTheRoundTrip() throws Exception {
        RpcMessage.ErrorResponse error = new RpcMessage.ErrorResponse(TextNode.valueOf("a"),
                RpcError.of(ErrorCode.MAILBOX_SLOT_FULL));
        assertEquals(error, codec.decode(codec.encode(error)));

        RpcMessage.Response response = new RpcMessage.Response(LongNode.valueOf(1), TextNode.valueOf("ok"));
        RpcMessage.Response read = assertInstanceOf(RpcMessage.Response.class, codec.decode(codec.encode(response)));
        assertEquals(1L, read.id().asLong());
        assertEquals("ok", read.result().asText());

        String notification = codec.encode(new RpcMessage.Notification("ServerHello",
                codec.toTree(new ServerHello("mzchat-homeserver", "1", 100, 25_000, "127.0.0.1:8750",
                        new byte[] {1, 2}))));
        assertFalse(notification.contains("\"id\""), "notifications carry no id");
        RpcMessage.Notification hello = assertInstanceOf(RpcMessage.Notification.class, codec.decode(notification));
        assertEquals(25_000, codec.readValue(hello.params(), ServerHello.class).mailboxWaitMillis());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            broken JSON                 | {"jsonrpc":"2.0","id":1,"method":                          | -32700 |
            empty frame                 | '   '                                                        | -32700 |
            trailing garbage            | {"jsonrpc":"2.0","id":1,"method":"m"} x                    | -32700 |
            duplicate key               | {"jsonrpc":"2.0","id":1,"id":2,"method":"m"}               | -32700 |
            NaN                         | {"jsonrpc":"2.0","id":NaN,"method":"m"}                    | -32700 |
            batch                       | [{"jsonrpc":"2.0","id":1,"method":"m"}]                    | -32600 |
            a bare number               | 42                                                         | -32600 |
            a bare string               | "SyncMailbox"                                              | -32600 |
            no version                  | {"id":1,"method":"m"}                                      | -32600 | 1
            version 1.0                 | {"jsonrpc":"1.0","id":1,"method":"m"}                      | -32600 | 1
            version as number           | {"jsonrpc":2.0,"id":1,"method":"m"}                        | -32600 | 1
            fractional id               | {"jsonrpc":"2.0","id":1.5,"method":"m"}                    | -32600 |
            id beyond 64 bits           | {"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"m"} | -32600 |
            object id                   | {"jsonrpc":"2.0","id":{},"method":"m"}                     | -32600 |
            null id                     | {"jsonrpc":"2.0","id":null,"method":"m"}                   | -32600 |
            method not a string         | {"jsonrpc":"2.0","id":3,"method":17}                       | -32600 | 3
            empty method                | {"jsonrpc":"2.0","id":3,"method":""}                       | -32600 | 3
            unknown member              | {"jsonrpc":"2.0","id":3,"method":"m","extra":1}            | -32600 | 3
            neither method nor answer   | {"jsonrpc":"2.0","id":3}                                   | -32600 | 3
            params by position          | {"jsonrpc":"2.0","id":4,"method":"m","params":[1,2]}       | -32602 | 4
            params a string             | {"jsonrpc":"2.0","id":"x","method":"m","params":"p"}       | -32602 | x
            """)
    void malformedFramesAreRefusedWithTheRightCode(String what, String frame, int code, String id) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(frame));
        assertEquals(code, e.error().code(), what);
        assertFalse(e.error().message().isBlank());
        if (id == null) {
            assertTrue(e.id().isNull(), what + ": the id could not be read, so the answer's id is null");
        } else {
            assertEquals(id, e.id().asText(), what + ": the answer echoes the id");
        }
    }

    @Test
    void deepNestingIsRefusedWhileParsing() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(deep));
        assertEquals(ErrorCode.PARSE_ERROR.code(), e.error().code());

        String nestedParams = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":"
                + "{\"b\":".repeat(40) + "1" + "}".repeat(41) + "}";
        assertEquals(ErrorCode.PARSE_ERROR.code(),
                assertThrows(MalformedMessageException.class, () -> codec.decode(nestedParams)).error().code());
    }

    @Test
    void hugeNumbersAreRefusedWhileParsing() {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(1000) + ",\"method\":\"m\"}";
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(huge));
        assertEquals(ErrorCode.PARSE_ERROR.code(), e.error().code());
    }

    @Test
    void aLongStringIdIsRefused() {
        String frame = "{\"jsonrpc\":\"2.0\",\"id\":\"" + "i".repeat(JsonCodec.MAX_ID_LENGTH + 1) + "\",\"method\":\"m\"}";
        assertEquals(ErrorCode.INVALID_REQUEST.code(),
                assertThrows(MalformedMessageException.class, () -> codec.decode(frame)).error().code());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing session id     | {"side":"initiator"}                                            | Parameter "session_id" is required.
            missing side           | {"session_id":"s"}                                              | Parameter "side" is required.
            session id a number    | {"session_id":5,"side":"initiator"}                             | Parameter "session_id" must be a string.
            wait as text           | {"session_id":"s","side":"initiator","wait_for_data":"yes"}     | Parameter "wait_for_data" must be true or false.
            wait as number         | {"session_id":"s","side":"initiator","wait_for_data":1}         | Parameter "wait_for_data" must be true or false.
            payload a number       | {"session_id":"s","side":"initiator","payload":123}             | Parameter "payload" must be base64 text.
            payload an array       | {"session_id":"s","side":"initiator","payload":[1,2]}           | Parameter "payload" must be base64 text.
            payload an object      | {"session_id":"s","side":"initiator","payload":{}}              | Parameter "payload" must be base64 text.
            payload not base64     | {"session_id":"s","side":"initiator","payload":"***"}           | Parameter "payload" must be base64 text.
            unknown side           | {"session_id":"s","side":"sideways"}                            | Invalid parameter "side": side must be "initiator" or "responder".
            unknown parameter      | {"session_id":"s","side":"initiator","sessionId":"t"}           | Unknown parameter "sessionId".
            """)
    void wrongParamsAreNamedInPlainWords(String what, String params, String message) throws Exception {
        JsonNode tree = codec.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SyncMailbox\",\"params\":" + params + "}")
                instanceof RpcMessage.Request r ? r.params() : null;
        RpcException e = assertThrows(RpcException.class, () -> codec.readParams(tree, SyncMailboxParams.class));
        assertEquals(ErrorCode.INVALID_PARAMS.code(), e.error().code(), what);
        assertEquals(message, e.getMessage(), what);
    }

    @Test
    void leftOutOptionalParamsTakeTheirDefaults() throws Exception {
        RpcMessage.Request request = (RpcMessage.Request) codec.decode(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SyncMailbox\",\"params\":{\"session_id\":\"s\",\"side\":\"initiator\"}}");
        SyncMailboxParams params = codec.readParams(request.params(), SyncMailboxParams.class);
        assertFalse(params.waitForData());
        assertEquals(null, params.payload());
    }

    @Test
    void everyErrorCodeIsDistinctAndHasASentence() {
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(code, ErrorCode.of(code.code()).orElseThrow());
            assertTrue(code.message().endsWith("."), code + " reads as a sentence");
        }
    }
}
