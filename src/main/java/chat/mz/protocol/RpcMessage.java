package chat.mz.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One JSON-RPC 2.0 message, as read from or written to a WebSocket text frame. Request ids are kept
 * as JSON values (a string or an integer) so that an answer echoes exactly what was sent.
 */
public sealed interface RpcMessage {

    /** A call that expects an answer. */
    record Request(JsonNode id, String method, JsonNode params) implements RpcMessage {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
        }
    }

    /** A message that expects no answer; the server's pushes to clients are notifications. */
    record Notification(String method, JsonNode params) implements RpcMessage {
        public Notification {
            Objects.requireNonNull(method, "method");
        }
    }

    /** A successful answer. */
    record Response(JsonNode id, JsonNode result) implements RpcMessage {
        public Response {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A failed answer; {@code id} is a JSON null when the request's id could not be read. */
    record ErrorResponse(JsonNode id, RpcError error) implements RpcMessage {
        public ErrorResponse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }
    }
}
