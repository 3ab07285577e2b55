package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/** Parameters of {@code rename_session}. */
public record RenameSessionParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String sessionId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String name) {
}
