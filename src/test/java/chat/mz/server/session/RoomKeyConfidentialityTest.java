package chat.mz.server.session;

import static chat.mz.testing.ByteScan.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.RsaOaep;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.server.store.ServerDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The homeserver's database file holds no room key and no encrypted message's text: only wrapped
 * keys and ciphertext, which the file is searched for too, so that the search is known to work.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomKeyConfidentialityTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path data;

    private ChatWorld world;

    @BeforeEach
    void setUp() {
        world = new ChatWorld(data);
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void theDatabaseFileHoldsNeitherRoomKeysNorPlaintext() throws Exception {
        ChatUser ada = world.register("ada");
        ChatUser bob = world.register("bob");
        ChatClient adaDesk = world.login(ada, 0);
        ChatClient bobDesk = world.login(bob, 0);
        String session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", true,
                List.of(bob.userId()))).sessionId();

        byte[] roomKey = AesGcm.generateKey(random);
        byte[] label = (session + "|1|" + bob.userId() + "|" + bob.device(0).id()).getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = RsaOaep.encrypt(bob.device(0).certificate().body().encryptionKey(), roomKey, label, random);
        WrappedRoomKey toBob = new WrappedRoomKey(bob.userId(), bob.device(0).id(),
                Base64.getEncoder().encodeToString(wrapped), RoomKeyFixtures.randomBase64(64));
        adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(toBob)));

        String secret = "The belay anchor is behind the third oak, code word periwinkle-" + random.nextInt(1_000_000);
        byte[] nonce = AesGcm.newNonce(random);
        byte[] sealed = AesGcm.seal(roomKey, nonce, secret.getBytes(StandardCharsets.UTF_8), null);
        byte[] envelope = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, envelope, 0, nonce.length);
        System.arraycopy(sealed, 0, envelope, nonce.length, sealed.length);
        String ciphertext = Base64.getEncoder().encodeToString(envelope);
        adaDesk.call(Methods.SEND_MESSAGE, SendMessageParams.encrypted(session, world.messageId(), ciphertext, 1));
        String spoken = "Said in the clear, marigold-" + random.nextInt(1_000_000);
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), spoken));
        // the message and key stay queued for bob: the file holds them in every table they pass through
        assertEquals(1, Events.typed(bobDesk.fetch(List.of()), QueuedEventType.RECEIVE_ROOM_KEY).size());
        assertEquals(ciphertext, Events.of(bobDesk.fetch(List.of()), SessionEventKind.MESSAGE).get(0).ciphertext());

        world.stop();
        byte[] file = Files.readAllBytes(data.resolve(ServerDatabase.FILE_NAME + ".mv.db"));

        assertTrue(contains(file, ascii(ciphertext)), "the ciphertext is in the file: the search works");
        assertTrue(contains(file, ascii(toBob.wrappedKey())), "the wrapped key is in the file");
        assertTrue(contains(file, spoken.getBytes(StandardCharsets.UTF_8)),
                "a plaintext message is found, so an encrypted one's text would be too");
        assertFalse(contains(file, roomKey), "no room key bytes");
        assertFalse(contains(file, ascii(Base64.getEncoder().encodeToString(roomKey))), "no room key in base64");
        assertFalse(contains(file, secret.getBytes(StandardCharsets.UTF_8)), "no plaintext");
        assertFalse(contains(file, secret.getBytes(StandardCharsets.UTF_16BE)), "no plaintext, in any encoding");
        assertFalse(contains(file, ascii("periwinkle")), "not even a word of it");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
