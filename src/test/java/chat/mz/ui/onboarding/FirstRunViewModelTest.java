package chat.mz.ui.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The wizard's rules, without a window: the "UI thread" runs tasks at once. */
class FirstRunViewModelTest {
    private static final String GOOD = "correct horse battery";

    private final List<Call> calls = new ArrayList<>();
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private int created;

    private record Call(Optional<URI> homeserver, String username, char[] passphrase, Consumer<String> progress) {
    }

    private FirstRunViewModel wizard(Optional<URI> suggested) {
        return new FirstRunViewModel((homeserver, username, passphrase, progress) -> {
            calls.add(new Call(homeserver, username, passphrase.clone(), progress));
            return outcome;
        }, Runnable::run, suggested, () -> created++);
    }

    @Test
    void explainsWhatIsWrongWithTheUsernameOnlyOnceSomethingIsTyped() {
        FirstRunViewModel wizard = wizard(Optional.empty());
        assertEquals("", wizard.usernameHintBinding().get());
        wizard.usernameProperty().set("a!");
        assertTrue(wizard.usernameHintBinding().get().startsWith("A username has 3 to 32 characters"),
                wizard.usernameHintBinding().get());
        wizard.usernameProperty().set("Ada");
        assertEquals("", wizard.usernameHintBinding().get());
    }

    @Test
    void needsTenCharactersTypedTheSameTwice() {
        FirstRunViewModel wizard = wizard(Optional.empty());
        wizard.usernameProperty().set("ada");
        wizard.passphraseChanged("short", "");
        assertEquals(PassphraseStrength.TOO_SHORT, wizard.strengthProperty().get());
        assertFalse(wizard.canSubmitBinding().get());

        wizard.passphraseChanged(GOOD, "correct horse");
        assertEquals(PassphraseStrength.STRONG, wizard.strengthProperty().get());
        assertEquals("The two passphrases differ.", wizard.matchHintProperty().get());
        assertFalse(wizard.canSubmitBinding().get());

        wizard.passphraseChanged(GOOD, GOOD);
        assertEquals("", wizard.matchHintProperty().get());
        assertTrue(wizard.canSubmitBinding().get());

        assertFalse(wizard.submit("too short".toCharArray(), "too short".toCharArray()));
        assertTrue(calls.isEmpty());
    }

    @Test
    void anAddressMustBeAWebSocketOne() {
        FirstRunViewModel wizard = wizard(Optional.empty());
        wizard.usernameProperty().set("ada");
        wizard.passphraseChanged(GOOD, GOOD);
        wizard.embeddedProperty().set(false);
        assertFalse(wizard.canSubmitBinding().get(), "no address yet");
        assertEquals("", wizard.addressHintBinding().get());
        wizard.addressProperty().set("chat.example.org");
        assertEquals(FirstRunViewModel.ADDRESS_PROBLEM, wizard.addressHintBinding().get());
        wizard.addressProperty().set("wss://chat.example.org");
        assertTrue(wizard.canSubmitBinding().get());
    }

    @Test
    void offersTheConfiguredHomeserver() {
        FirstRunViewModel wizard = wizard(Optional.of(URI.create("ws://127.0.0.1:9")));
        assertFalse(wizard.embeddedProperty().get());
        assertEquals("ws://127.0.0.1:9", wizard.addressProperty().get());
    }

    @Test
    void submittingWipesThePassphraseAndIsBusyUntilTheAccountExists() {
        FirstRunViewModel wizard = wizard(Optional.empty());
        wizard.usernameProperty().set(" Ada ");
        char[] first = GOOD.toCharArray();
        char[] second = GOOD.toCharArray();

        assertTrue(wizard.submit(first, second));

        assertArrayEquals(new char[first.length], first, "wiped");
        assertArrayEquals(new char[second.length], second, "wiped");
        assertEquals(1, calls.size());
        assertEquals(Optional.empty(), calls.get(0).homeserver());
        assertEquals("Ada", calls.get(0).username());
        assertArrayEquals(GOOD.toCharArray(), calls.get(0).passphrase());
        assertTrue(wizard.busyProperty().get());
        assertFalse(wizard.canSubmitBinding().get(), "one account at a time");
        assertEquals("Creating your keys…", wizard.progressProperty().get());
        calls.get(0).progress().accept("Starting the homeserver…");
        assertEquals("Starting the homeserver…", wizard.progressProperty().get());
        assertEquals(0, created);

        outcome.complete("done");
        assertFalse(wizard.busyProperty().get());
        assertEquals("", wizard.progressProperty().get());
        assertEquals(1, created);
    }

    @Test
    void showsTheHomeserversRefusalInPlainWordsAndCreatesNothing() {
        FirstRunViewModel wizard = wizard(Optional.empty());
        wizard.usernameProperty().set("ada");
        assertTrue(wizard.submit(GOOD.toCharArray(), GOOD.toCharArray()));

        outcome.completeExceptionally(new RpcException(ErrorCode.USERNAME_TAKEN));

        assertEquals("That username is taken. Choose another one.", wizard.errorProperty().get());
        assertFalse(wizard.busyProperty().get());
        assertEquals(0, created);
        assertEquals("ada", wizard.usernameProperty().get(), "the username stays, to be edited");
    }
}
