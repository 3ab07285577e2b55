package chat.mz.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A frame that is not a usable JSON-RPC message. Carries the error to answer with and the request's
 * id when it could still be read (JSON null otherwise), so the sender can match the answer.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient RpcError error;
    private final transient JsonNode id;

    MalformedMessageException(ErrorCode code, String message, JsonNode id) {
        super(message, null, false, false);
        this.error = new RpcError(code.code(), message, null);
        this.id = id == null ? NullNode.getInstance() : id;
    }

    public RpcError error() {
        return error;
    }

    public JsonNode id() {
        return id;
    }

    /** The answer to send back. */
    public RpcMessage.ErrorResponse toResponse() {
        return new RpcMessage.ErrorResponse(id, error);
    }
}
