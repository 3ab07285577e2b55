package chat.mz.protocol.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Parameters of {@code Register}: a new account and the device that creates it.
 *
 * @param username      the name others find the account by
 * @param rootPublicKey the account's root identity key K_id (Ed25519, 32 bytes); the account's id is
 *                      derived from it
 * @param certificate   the creating device's certificate, issued by K_id and countersigned
 * @param deviceList    the account's first signed device list, naming that device
 */
public record RegisterParams(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String username,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] rootPublicKey,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] certificate,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) byte[] deviceList) {
}
