package chat.mz.protocol;

import java.util.Objects;

/** A notification the server pushes to clients: its wire name and the record its params map to. */
public record NotificationType<P>(String name, Class<P> paramsType) {
    public NotificationType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramsType, "paramsType");
    }
}
