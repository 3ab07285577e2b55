package chat.mz.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The {@code error} member of a JSON-RPC response.
 *
 * @param code    a number from {@link ErrorCode}, or one this version does not know
 * @param message a sentence a person can read
 * @param data    optional details for programs, e.g. a limit that was exceeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcError(int code, String message, JsonNode data) {
    public RpcError {
        Objects.requireNonNull(message, "message");
    }

    public static RpcError of(ErrorCode code) {
        return new RpcError(code.code(), code.message(), null);
    }
}
