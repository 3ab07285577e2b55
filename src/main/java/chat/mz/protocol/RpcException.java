package chat.mz.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * An error that travels as a JSON-RPC error object: thrown by server handlers, and the failure of a
 * client's call future when the server answered with an error.
 */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RpcError error;

    public RpcException(RpcError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public RpcException(ErrorCode code) {
        this(RpcError.of(code));
    }

    public RpcException(ErrorCode code, String message) {
        this(new RpcError(code.code(), message, null));
    }

    public RpcException(ErrorCode code, String message, JsonNode data) {
        this(new RpcError(code.code(), message, data));
    }

    public RpcError error() {
        return error;
    }

    /** The code as a known table entry, empty for a code this version does not know. */
    public Optional<ErrorCode> code() {
        return ErrorCode.of(error.code());
    }

    public boolean is(ErrorCode code) {
        return error.code() == code.code();
    }
}
