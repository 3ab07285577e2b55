package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.Contact;
import chat.mz.history.KeyCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed identity key is a warning in the conversation itself, checked with the homeserver when
 * the conversation opens, until the user trusts the new key. The change is staged the way it looks
 * to a client: the key it remembered for bob is not the one the homeserver now vouches for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyChangeBannerViewModelTest {
    @TempDir
    Path folder;

    private final UiThread ui = new UiThread();
    private LoopbackChat world;
    private LoopbackChat.Person ada;
    private LoopbackChat.Person bob;
    private LoopbackChat.Person cy;
    private ChatsViewModel chats;

    @BeforeEach
    void threeAccounts() throws Exception {
        world = new LoopbackChat(folder);
        ada = world.person("ada");
        bob = world.person("bob");
        cy = world.person("cyd");
        chats = new ChatsViewModel(ada.account(), ui::execute, Runnable::run, Clock.systemUTC());
        ui.run(chats::start);
    }

    @AfterEach
    void stop() throws Exception {
        ui.run(chats::close);
        ui.close();
        world.close();
    }

    @Test
    void aChangedKeyIsAWarningInTheConversationUntilTrusted() throws Exception {
        byte[] earlier = new byte[32];
        Arrays.fill(earlier, (byte) 7);
        assertEquals(KeyCheck.FIRST_SEEN, ada.history().rememberContact(bob.userId(), "bob", earlier));
        String withBob = LoopbackChat.await(ada.messenger().conversations().direct(bob.userId())).sessionId();
        LoopbackChat.await(ada.contacts().add(cy.username()));
        String withCy = LoopbackChat.await(ada.messenger().conversations().direct(cy.userId())).sessionId();
        ui.waitFor("both chats listed", () -> chats.list().rows().size() == 2);

        ui.run(() -> chats.open(withBob));
        KeyChangeBannerViewModel banner = chats.keyChanges();
        ui.waitFor("the warning", () -> banner.showingProperty().get());
        Contact changed = ada.history().contact(bob.userId()).orElseThrow();
        assertTrue(changed.keyChanged());
        assertFalse(Arrays.equals(earlier, changed.currentRootKey()), "the key the homeserver vouches for now");
        ui.run(() -> {
            assertEquals("bob's identity key has changed.", banner.headlineProperty().get());
            assertTrue(banner.detailProperty().get().contains("compare this safety number with bob's"),
                    banner.detailProperty().get());
            assertEquals(ada.contacts().safetyNumber(changed), banner.safetyNumberProperty().get(),
                    "the number for the new key");
            assertEquals("I compared it, trust bob's new key", banner.trustTextProperty().get());
        });

        ui.run(() -> chats.open(withCy));
        ui.waitFor("no warning for cy, whose key never changed", () -> !banner.showingProperty().get());

        ui.run(() -> chats.open(withBob));
        ui.waitFor("the warning again on reopening", () -> banner.showingProperty().get());
        ui.run(banner::trust);
        ui.waitFor("the warning gone once trusted", () -> !banner.showingProperty().get()
                && !banner.busyProperty().get());
        assertFalse(ada.history().contact(bob.userId()).orElseThrow().keyChanged());

        ui.run(() -> chats.open(withCy));
        ui.run(() -> chats.open(withBob));
        Thread.sleep(300);
        assertFalse(ui.get(() -> banner.showingProperty().get()), "trusting is kept");
    }

    @Test
    void aGroupMemberSeenForTheFirstTimeHasTheirKeyRemembered() throws Exception {
        LoopbackChat.await(ada.contacts().add(bob.username()));
        String group = LoopbackChat.await(ada.messenger().conversations().createGroup("Climbing",
                java.util.List.of(bob.userId(), cy.userId()))).sessionId();
        ui.waitFor("the group listed", () -> chats.list().rows().stream().anyMatch(r -> r.id().equals(group)));
        assertTrue(ada.history().contact(cy.userId()).isEmpty(), "cyd was never looked up");

        ui.run(() -> chats.open(group));
        LoopbackChat.waitFor("cyd's key remembered", () -> ada.history().contact(cy.userId()).isPresent());
        assertFalse(ada.history().contact(cy.userId()).orElseThrow().keyChanged());
        assertFalse(ui.get(() -> chats.keyChanges().showingProperty().get()));
    }
}
