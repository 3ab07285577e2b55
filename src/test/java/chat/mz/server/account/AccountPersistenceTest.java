package chat.mz.server.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.GetDevicesParams;
import chat.mz.protocol.account.GetDevicesResult;
import chat.mz.server.account.TestIdentities.Account;
import chat.mz.server.store.ServerDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Accounts live in the H2 file: a restarted homeserver on the same data folder still has them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccountPersistenceTest {
    @TempDir
    Path data;

    @Test
    void aRestartedHomeserverKeepsItsAccounts() throws Exception {
        TestIdentities identities = new TestIdentities(3);
        Account ada;
        try (TestHomeserver homeserver = new TestHomeserver(data)) {
            ada = identities.account("ada", homeserver.clock.instant());
            homeserver.connect().call(Methods.REGISTER, ada.registerParams());
        }
        assertTrue(Files.exists(data.resolve(ServerDatabase.FILE_NAME + ".mv.db")));

        try (TestHomeserver again = new TestHomeserver(data)) {
            TestHomeserver.Client client = again.connect();
            GetDevicesResult devices = client.call(Methods.GET_DEVICES, GetDevicesParams.byUsername("ada"));
            assertArrayEquals(ada.list().encode(), devices.deviceList());
            assertEquals(ada.first().id(), client.login(ada.userId(), ada.first()).deviceId());
            client.refused(Methods.REGISTER, identities.account("ada", again.clock.instant()).registerParams(),
                    ErrorCode.USERNAME_TAKEN);
        }
    }
}
