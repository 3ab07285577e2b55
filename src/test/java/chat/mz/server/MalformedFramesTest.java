package chat.mz.server;

import static chat.mz.testing.LiveConnections.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import chat.mz.protocol.mailbox.SyncMailboxResult;
import chat.mz.testing.LiveConnections;
import chat.mz.testing.RawWebSocket;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thousand malformed frames on one connection, each answered with the right error, then a 2 MiB
 * frame that closes that connection with 1009, while a well-behaved client on other connections
 * runs mailbox round trips the whole time, every one of them correct.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedFramesTest {
    private static final int FRAMES = 1_000;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    /** A JSON reader independent of the codec under test. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecureRandom secure = new SecureRandom();
    private final Random random = new Random(1_000);
    private Homeserver server;
    private ExecutorService background;

    /** One frame and the answer it must get; {@code idJson} is the id the answer must carry, as JSON. */
    record Case(String category, String frame, byte[] binary, String idJson, int code) {
        static Case text(String category, String frame, String idJson, ErrorCode code) {
            return new Case(category, frame, null, idJson, code.code());
        }
    }

    @BeforeEach
    void startServer() {
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withMailboxWait(Duration.ofSeconds(5)), "test");
        background = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "well-behaved-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterEach
    void stopServer() {
        background.shutdownNow();
        server.close();
    }

    @Test
    void everyMalformedFrameGetsItsErrorWhileAWellBehavedClientIsServed() throws Exception {
        WellBehavedClient wellBehaved = new WellBehavedClient();
        Future<?> loop = background.submit(() -> {
            wellBehaved.run();
            return null;
        });
        wellBehaved.awaitRound("before the malformed frames");

        RawWebSocket hostile = RawWebSocket.open(server.uri(), ANSWER_WITHIN);
        assertEquals("ServerHello", JSON.readTree(hostile.next(ANSWER_WITHIN)).path("method").asText());

        List<Case> cases = generate(FRAMES);
        assertEquals(FRAMES, cases.size());
        Map<String, Integer> answersByCategory = new TreeMap<>();
        int answers = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (i % 50 == 25) {
                // A notification gets no answer, good or bad; the next answer must be the next case's.
                hostile.send(i % 100 == 25
                        ? "{\"jsonrpc\":\"2.0\",\"method\":\"NoSuchNotification\",\"params\":{}}"
                        : "{\"jsonrpc\":\"2.0\",\"method\":\"SyncMailbox\",\"params\":{\"side\":\"sideways\"}}");
            }
            if (c.binary() != null) {
                hostile.send(c.binary());
            } else {
                hostile.send(c.frame());
            }
            String answer;
            try {
                answer = hostile.next(ANSWER_WITHIN);
            } catch (AssertionError e) {
                throw new AssertionError("frame #" + i + " (" + c.category() + ") got no answer: " + shorten(c), e);
            }
            check(i, c, answer);
            answers++;
            answersByCategory.merge(c.category(), 1, Integer::sum);
            if (i % 100 == 99) {
                wellBehaved.awaitRound("after malformed frame #" + i);
            }
        }
        assertEquals(FRAMES, answers);

        // Nothing stray is queued: a good request's answer is the very next message.
        MailboxSessionId sentinel = MailboxSessionId.random(secure);
        hostile.send("{\"jsonrpc\":\"2.0\",\"id\":\"sentinel\",\"method\":\"SyncMailbox\",\"params\":{\"session_id\":\""
                + sentinel.value() + "\",\"side\":\"initiator\"}}");
        JsonNode sentinelAnswer = JSON.readTree(hostile.next(ANSWER_WITHIN));
        assertEquals("sentinel", sentinelAnswer.path("id").asText());
        assertTrue(sentinelAnswer.has("result"), "the hostile connection is still served: " + sentinelAnswer);

        // A frame 1 MiB over the limit: that connection is closed cleanly with 1009.
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SyncMailbox\",\"params\":{\"session_id\":\""
                + sentinel.value() + "\",\"side\":\"initiator\",\"payload\":\"" + "A".repeat(ServerConfig.DEFAULT_MAX_FRAME_BYTES + 1024 * 1024)
                + "\",\"wait_for_data\":false}}";
        assertTrue(huge.length() > ServerConfig.DEFAULT_MAX_FRAME_BYTES);
        hostile.send(huge);
        RawWebSocket.Close close = hostile.closed().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        // The server answers with a 1009 close frame and closes the socket. The client is still writing
        // its 2 MiB, so TCP may reset the connection and discard that frame before the client reads it
        // (1006); which one the client sees is a race of the operating system, not of the server.
        assertTrue(close.code() == 1009 || close.code() == 1006,
                "an oversized frame closes the connection with 1009 (message too big): " + close);
        assertTrue(close.remote(), "the server closed the connection");
        assertEquals(0, hostile.queued(), "the oversized frame gets no answer, only the close");

        wellBehaved.awaitRound("after the oversized frame");
        wellBehaved.stop();
        loop.get(LiveConnections.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(wellBehaved.failure.get(), "a well-behaved round failed");
        assertTrue(wellBehaved.rounds.get() >= FRAMES / 100 + 2, "rounds: " + wellBehaved.rounds.get());

        // And the server still takes new connections and serves them.
        RawWebSocket newcomer = RawWebSocket.open(server.uri(), ANSWER_WITHIN);
        try {
            assertEquals("ServerHello", JSON.readTree(newcomer.next(ANSWER_WITHIN)).path("method").asText());
            newcomer.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SyncMailbox\",\"params\":{\"session_id\":\""
                    + MailboxSessionId.random(secure).value() + "\",\"side\":\"initiator\",\"wait_for_data\":false}}");
            JsonNode answer = JSON.readTree(newcomer.next(ANSWER_WITHIN));
            assertEquals(7, answer.path("id").asInt());
            assertTrue(answer.path("result").has("expires_at"), answer.toString());
        } finally {
            newcomer.closeBlocking();
        }
        System.out.println("Answers by category: " + answersByCategory + "; well-behaved rounds: "
                + wellBehaved.rounds.get());
    }

    private static void check(int index, Case c, String answerText) throws JsonProcessingException {
        String where = "frame #" + index + " (" + c.category() + ") " + shorten(c) + " -> " + answerText;
        JsonNode answer = JSON.readTree(answerText);
        assertEquals("2.0", answer.path("jsonrpc").asText(), where);
        assertFalse(answer.has("result"), where);
        assertTrue(answer.path("error").isObject(), where);
        assertTrue(answer.has("id"), "an error answer always carries an id, null if unreadable: " + where);
        assertEquals(c.idJson(), JSON.writeValueAsString(answer.get("id")), "id: " + where);
        assertEquals(c.code(), answer.path("error").path("code").asInt(), "code: " + where);
        assertTrue(answer.path("error").path("code").isInt(), where);
        String message = answer.path("error").path("message").asText();
        assertTrue(answer.path("error").path("message").isTextual() && !message.isBlank(), where);
        assertTrue(message.length() <= 200, "the message stays short and does not echo the frame: " + where);
        assertFalse(message.contains("Exception") || message.contains("com.fasterxml"),
                "a readable sentence, not an internal error text: " + where);
    }

    private static String shorten(Case c) {
        if (c.binary() != null) {
            return "<binary " + c.binary().length + " bytes>";
        }
        return c.frame().length() <= 160 ? c.frame() : c.frame().substring(0, 160) + "…(" + c.frame().length() + ")";
    }

    // ---------------------------------------------------------------------------------------------
    // The frames

    private List<Case> generate(int count) {
        List<BiFunction<Integer, String, Case>> categories = List.of(
                this::brokenJson, this::notAnObject, this::wrongVersion, this::badId, this::badMethod,
                this::badParamsContainer, this::unknownMember, this::answerFromClient, this::wrongParamType,
                this::missingParam, this::unknownParam, this::unknownMethod, this::hugeNumber, this::deepNesting,
                this::notBase64, this::payloadTooLarge, this::badSessionId, this::unknownSession,
                this::binaryFrame);
        List<Case> cases = new ArrayList<>(count);
        for (int n = 0; cases.size() < count; n++) {
            String id = n % 2 == 0 ? Integer.toString(10_000 + n) : "\"m-" + n + "\"";
            cases.add(categories.get(n % categories.size()).apply(n / categories.size(), id));
        }
        return cases;
    }

    private static String request(String id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + method + ",\"params\":" + params + "}";
    }

    private static String sync(String id, String params) {
        return request(id, "\"SyncMailbox\"", params);
    }

    private String validSession() {
        return "\"" + MailboxSessionId.random(secure).value() + "\"";
    }

    /** SyncMailbox params with one member replaced (a null value drops it). */
    private String params(String sessionId, String side, String payload, String waitForData, String extra) {
        StringBuilder params = new StringBuilder("{");
        if (sessionId != null) {
            params.append("\"session_id\":").append(sessionId).append(',');
        }
        if (side != null) {
            params.append("\"side\":").append(side).append(',');
        }
        if (payload != null) {
            params.append("\"payload\":").append(payload).append(',');
        }
        if (waitForData != null) {
            params.append("\"wait_for_data\":").append(waitForData).append(',');
        }
        if (extra != null) {
            params.append(extra).append(',');
        }
        params.setLength(params.length() - 1);
        return params.append('}').toString();
    }

    private Case brokenJson(int k, String id) {
        String good = sync(id, params(validSession(), "\"initiator\"", null, "false", null));
        String[] frames = {
                "{",
                good.substring(0, good.length() - 1),
                "{\"jsonrpc\":\"2.0\" \"id\":" + id + ",\"method\":\"SyncMailbox\"}",
                "{'jsonrpc':'2.0','id':" + id + ",'method':'SyncMailbox'}",
                "not json at all " + k,
                good + " trailing",
                good + good,
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"Sync",
                sync(id, params(validSession(), "\"initiator\"", null, "NaN", null)),
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"id\":" + id + ",\"method\":\"SyncMailbox\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"Sync\u0001Mailbox\"}",
                "",
                " \n\t ",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":undefined}",
        };
        return Case.text("broken JSON", frames[k % frames.length], "null", ErrorCode.PARSE_ERROR);
    }

    private Case notAnObject(int k, String id) {
        String good = sync(id, params(validSession(), "\"initiator\"", null, "false", null));
        String[] frames = {"[]", "[" + good + "]", "[" + good + "," + good + "]", "[1,2,3]", "42", "-1.5",
                "\"SyncMailbox\"", "null", "true"};
        return Case.text("not a request object", frames[k % frames.length], "null", ErrorCode.INVALID_REQUEST);
    }

    private Case wrongVersion(int k, String id) {
        String[] versions = {"\"1.0\"", "\"2\"", "2.0", "2", "null", "\"2.0 \"", "[\"2.0\"]"};
        String frame = k % (versions.length + 1) == versions.length
                ? "{\"id\":" + id + ",\"method\":\"SyncMailbox\",\"params\":{}}"
                : "{\"jsonrpc\":" + versions[k % (versions.length + 1)] + ",\"id\":" + id
                        + ",\"method\":\"SyncMailbox\",\"params\":{}}";
        return Case.text("wrong jsonrpc version", frame, id, ErrorCode.INVALID_REQUEST);
    }

    private Case badId(int k, String id) {
        String[] ids = {"true", "1.5", "{}", "[]", "[1]", "null", "\"" + "i".repeat(129) + "\"",
                "99999999999999999999", "-99999999999999999999", "1e3", "false"};
        String frame = "{\"jsonrpc\":\"2.0\",\"id\":" + ids[k % ids.length] + ",\"method\":\"SyncMailbox\",\"params\":"
                + params(validSession(), "\"initiator\"", null, "false", null) + "}";
        return Case.text("unreadable id", frame, "null", ErrorCode.INVALID_REQUEST);
    }

    private Case badMethod(int k, String id) {
        String[] methods = {"7", "\"\"", "null", "{}", "[\"SyncMailbox\"]", "true"};
        return Case.text("method not a string", request(id, methods[k % methods.length], "{}"), id,
                ErrorCode.INVALID_REQUEST);
    }

    private Case badParamsContainer(int k, String id) {
        String[] params = {"[]", "\"x\"", "5", "null", "true",
                "[" + params(validSession(), "\"initiator\"", null, "false", null) + "]"};
        return Case.text("params not an object", sync(id, params[k % params.length]), id, ErrorCode.INVALID_PARAMS);
    }

    private Case unknownMember(int k, String id) {
        String[] extras = {"\"extra\":1", "\"Params\":{}", "\"ID\":1", "\"result\":null", "\"error\":{}"};
        String frame = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"SyncMailbox\",\"params\":{},"
                + extras[k % extras.length] + "}";
        return Case.text("unknown member", frame, id, ErrorCode.INVALID_REQUEST);
    }

    private Case answerFromClient(int k, String id) {
        String[] frames = {
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":null}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":1,\"error\":{\"code\":1,\"message\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + "}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":\"broken\"}",
        };
        return Case.text("an answer, not a request", frames[k % frames.length], id, ErrorCode.INVALID_REQUEST);
    }

    private Case wrongParamType(int k, String id) {
        String session = validSession();
        String[] params = {
                params(session, "\"initiator\"", null, "\"yes\"", null),
                params(session, "\"initiator\"", null, "\"true\"", null),
                params(session, "\"initiator\"", null, "1", null),
                params(session, "\"initiator\"", null, "0", null),
                params(session, "\"initiator\"", null, "{}", null),
                params(session, "\"initiator\"", "123", "false", null),
                params(session, "\"initiator\"", "true", "false", null),
                params(session, "\"initiator\"", "{}", "false", null),
                params(session, "\"initiator\"", "1.5", "false", null),
                params(session, "\"sideways\"", null, "false", null),
                params(session, "\"INITIATOR\"", null, "false", null),
                params(session, "1", null, "false", null),
                params(session, "true", null, "false", null),
                params(session, "null", null, "false", null),
                params(session, "[\"initiator\"]", null, "false", null),
                params("123", "\"initiator\"", null, "false", null),
                params("true", "\"initiator\"", null, "false", null),
                params("[" + session + "]", "\"initiator\"", null, "false", null),
                params("null", "\"initiator\"", null, "false", null),
                params("null", "null", null, "false", null),
        };
        return Case.text("wrong parameter type", sync(id, params[k % params.length]), id, ErrorCode.INVALID_PARAMS);
    }

    private Case missingParam(int k, String id) {
        String[] params = {
                params(null, "\"initiator\"", null, "false", null),
                params(validSession(), null, "\"QUJD\"", "false", null),
                "{}",
                params(null, null, null, "true", null),
        };
        return Case.text("missing parameter", sync(id, params[k % params.length]), id, ErrorCode.INVALID_PARAMS);
    }

    private Case unknownParam(int k, String id) {
        String session = validSession();
        String[] extras = {"\"extra\":1", "\"sessionId\":" + session, "\"waitForData\":true", "\"timeout\":5",
                "\"payload_b64\":\"QUJD\"", "\"\":null"};
        return Case.text("unknown parameter",
                sync(id, params(session, "\"initiator\"", null, "false", extras[k % extras.length])), id,
                ErrorCode.INVALID_PARAMS);
    }

    private Case unknownMethod(int k, String id) {
        String[] methods = {"\"NoSuchMethod\"", "\"syncmailbox\"", "\"SYNCMAILBOX\"", "\"SyncMailbox \"",
                "\"rpc.discover\"", "\"" + "x".repeat(1_000) + "\"", "\"Sync\\u00e9Mailbox\"", "\"../SyncMailbox\"",
                "\"ServerHello\""};
        // Every legal kind of id is echoed exactly.
        String[] ids = {id, "0", "-1", Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "\"\"",
                "\"" + "i".repeat(128) + "\"", "\"\\u00e9t\\u00e9\""};
        String theId = ids[k % ids.length];
        String echoed = theId.equals("\"\\u00e9t\\u00e9\"") ? "\"été\"" : theId;
        return Case.text("unknown method", request(theId, methods[k % methods.length], "{}"), echoed,
                ErrorCode.METHOD_NOT_FOUND);
    }

    private Case hugeNumber(int k, String id) {
        String digits = "9".repeat(1_000);
        String session = validSession();
        String[] frames = {
                "{\"jsonrpc\":\"2.0\",\"id\":" + digits + ",\"method\":\"SyncMailbox\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":-" + digits + ",\"method\":\"SyncMailbox\",\"params\":{}}",
                sync(id, params(session, "\"initiator\"", null, digits, null)),
                sync(id, params(session, "\"initiator\"", digits, "false", null)),
                sync(id, params(digits, "\"initiator\"", null, "false", null)),
                sync(id, params(session, "\"initiator\"", null, "false", "\"n\":0." + digits)),
                sync(id, params(session, "\"initiator\"", null, "false", "\"n\":1" + "0".repeat(999) + "e5")),
        };
        return Case.text("huge number", frames[k % frames.length], "null", ErrorCode.PARSE_ERROR);
    }

    private Case deepNesting(int k, String id) {
        int depth = 10_000;
        String[] frames = {
                "[".repeat(depth),
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                sync(id, params(validSession(), "\"initiator\"", null, "false",
                        "\"x\":" + "[".repeat(depth) + "]".repeat(depth))),
                sync(id, params(validSession(), "\"initiator\"", "[".repeat(100) + "]".repeat(100), "false", null)),
                sync(id, "{\"x\":".repeat(100) + "{}" + "}".repeat(100)),
        };
        return Case.text("deep nesting", frames[k % frames.length], "null", ErrorCode.PARSE_ERROR);
    }

    private Case notBase64(int k, String id) {
        String[] payloads = {"\"!!!!\"", "\"QUJD-_-_\"", "\"QQ\"", "\"QUJD====\"", "\"ab cd\"", "\"\u00e4\u00f6\u00fc=\"",
                "\"QUJD*\"", "\"Q\""};
        return Case.text("payload not base64",
                sync(id, params(validSession(), "\"responder\"", payloads[k % payloads.length], "false", null)), id,
                ErrorCode.INVALID_PARAMS);
    }

    private Case payloadTooLarge(int k, String id) {
        byte[] payload = new byte[SyncMailboxParams.MAX_PAYLOAD_BYTES + 1 + (k * 997) % 40_000];
        random.nextBytes(payload);
        String base64 = "\"" + Base64.getEncoder().encodeToString(payload) + "\"";
        String side = k % 2 == 0 ? "\"initiator\"" : "\"responder\"";
        return Case.text("payload over 64 KiB", sync(id, params(validSession(), side, base64, "false", null)), id,
                ErrorCode.MAILBOX_PAYLOAD_TOO_LARGE);
    }

    private Case badSessionId(int k, String id) {
        String base = MailboxSessionId.random(secure).value();
        String[] sessions = {
                "\"short\"",
                "\"" + base.substring(0, MailboxSessionId.MIN_LENGTH - 1) + "\"",
                "\"" + base.substring(1) + "+\"",
                "\"" + base.substring(1) + "/\"",
                "\"" + base.substring(1) + "=\"",
                "\"" + base.substring(1) + " \"",
                "\"" + base.substring(1) + ".\"",
                "\"" + base.substring(1) + "\u00e9\"",
                "\"" + "A".repeat(MailboxSessionId.MAX_LENGTH + 1) + "\"",
                "\"../../" + base + "\"",
        };
        String side = k % 2 == 0 ? "\"initiator\"" : "\"responder\"";
        return Case.text("bad session id", sync(id, params(sessions[k % sessions.length], side, null, "false", null)),
                id, ErrorCode.MAILBOX_SESSION_ID_INVALID);
    }

    private Case unknownSession(int k, String id) {
        String payload = k % 2 == 0 ? null : "\"QUJD\"";
        return Case.text("responder on an unknown session",
                sync(id, params(validSession(), "\"responder\"", payload, k % 3 == 0 ? "true" : "false", null)), id,
                ErrorCode.MAILBOX_SESSION_NOT_FOUND);
    }

    private Case binaryFrame(int k, String id) {
        byte[] bytes = k % 2 == 0
                ? sync(id, params(validSession(), "\"initiator\"", null, "false", null)).getBytes(StandardCharsets.UTF_8)
                : new byte[1 + k * 13 % 500];
        if (k % 2 == 1) {
            random.nextBytes(bytes);
        }
        return new Case("binary frame", null, bytes, "null", ErrorCode.INVALID_REQUEST.code());
    }

    // ---------------------------------------------------------------------------------------------
    // The well-behaved client

    /**
     * Two real connections, a desktop and a phone, on one link session: each round the desktop waits,
     * the phone posts and waits, the desktop answers. Every payload must arrive intact.
     */
    private final class WellBehavedClient {
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Semaphore roundDone = new Semaphore(0);

        void run() throws Exception {
            MailboxSessionId session = MailboxSessionId.random(secure);
            Random bytes = new Random(42);
            try (HomeserverConnection desktop = LiveConnections.open(server.uri());
                 HomeserverConnection phone = LiveConnections.open(server.uri())) {
                // The initiator creates the session; until then a responder would hear 1102.
                assertNull(await(desktop.call(Methods.SYNC_MAILBOX,
                        SyncMailboxParams.poll(session, MailboxSide.INITIATOR, false))).payload());
                while (!stopped.get()) {
                    int round = rounds.get();
                    byte[] keys = new byte[100 + bytes.nextInt(2_000)];
                    byte[] certificate = new byte[100 + bytes.nextInt(2_000)];
                    bytes.nextBytes(keys);
                    bytes.nextBytes(certificate);
                    CompletableFuture<SyncMailboxResult> desktopWaits = desktop.call(Methods.SYNC_MAILBOX,
                            SyncMailboxParams.poll(session, MailboxSide.INITIATOR, true));
                    CompletableFuture<SyncMailboxResult> phoneWaits = phone.call(Methods.SYNC_MAILBOX,
                            new SyncMailboxParams(session.value(), MailboxSide.RESPONDER, keys, true));
                    assertArrayEquals(keys, await(desktopWaits).payload(), "round " + round + ": keys");
                    SyncMailboxResult posted = await(desktop.call(Methods.SYNC_MAILBOX,
                            SyncMailboxParams.post(session, MailboxSide.INITIATOR, certificate)));
                    assertNull(posted.payload(), "round " + round + ": the desktop's own certificate");
                    assertArrayEquals(certificate, await(phoneWaits).payload(), "round " + round + ": certificate");
                    rounds.incrementAndGet();
                    roundDone.release();
                }
            } catch (Throwable t) {
                failure.set(t);
                roundDone.release(1_000);
                throw t;
            }
        }

        /** Waits for one more round to finish from now; fails if it does not, or if a round failed. */
        void awaitRound(String when) throws InterruptedException {
            roundDone.drainPermits();
            if (!roundDone.tryAcquire(LiveConnections.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the well-behaved client made no progress " + when);
            }
            if (failure.get() != null) {
                throw new AssertionError("the well-behaved client failed " + when, failure.get());
            }
        }

        void stop() {
            stopped.set(true);
        }
    }
}
