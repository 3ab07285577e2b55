package chat.mz.protocol.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * Parameters of {@code send_sync_event}: one sync event, sealed once per sibling device.
 *
 * @param items one per recipient device, each a different device, 1 to {@link #MAX_ITEMS}
 */
public record SendSyncEventParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) List<SyncItem> items) {
    /** More devices than an account is expected to have, fewer than would let one call flood a queue. */
    public static final int MAX_ITEMS = 64;

    public SendSyncEventParams {
        items = items == null ? null : List.copyOf(items);
    }
}
