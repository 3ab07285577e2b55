package chat.mz.protocol;

import java.util.Objects;

/**
 * A method a client may call: its wire name and the records its parameters and result map to.
 * Client and server both use these constants (see {@link Methods}), so a name or a shape is written
 * down once.
 */
public record RpcMethod<P, R>(String name, Class<P> paramsType, Class<R> resultType) {
    public RpcMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramsType, "paramsType");
        Objects.requireNonNull(resultType, "resultType");
    }
}
