package chat.mz.client.sync;

import chat.mz.client.identity.VerifiedDevices;
import java.util.concurrent.CompletableFuture;

/**
 * This account's own devices, as its signed device list says, checked against its identity key:
 * the only devices a sync event is sealed to or taken from.
 */
@FunctionalInterface
public interface OwnDevices {
    /** The list held, or a fresh one when {@code fresh} (a device is missing from the one held). */
    CompletableFuture<VerifiedDevices> list(boolean fresh);
}
