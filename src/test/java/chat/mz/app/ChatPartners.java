package chat.mz.app;

import chat.mz.client.config.AppPaths;
import chat.mz.client.config.Settings;
import chat.mz.client.config.SettingsStore;
import chat.mz.testing.MessagingWorld;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A homeserver on loopback with people on it who write to the app's account, so that the app has
 * conversations to show. The app is pointed at it through its settings file, as a user would.
 */
final class ChatPartners implements AutoCloseable {
    private final MessagingWorld world;

    ChatPartners(Path folder) {
        this.world = new MessagingWorld(folder);
    }

    /** Makes the app at {@code paths} use this homeserver instead of an embedded one. */
    void configure(AppPaths paths) throws IOException {
        paths.create();
        new SettingsStore(paths.settingsFile()).save(Settings.defaults().withHomeserver(world.server().uri()));
    }

    /**
     * Registers {@code username}, who writes {@code text} to {@code toUserId}.
     *
     * @return the conversation's id
     */
    String writes(String username, String toUsername, String toUserId, String text) throws Exception {
        MessagingWorld.User user = world.register(username);
        user.contacts().add(toUsername).get(30, TimeUnit.SECONDS);
        String chat = user.messenger().conversations().direct(toUserId).get(30, TimeUnit.SECONDS).sessionId();
        user.messenger().send(chat, text).get(30, TimeUnit.SECONDS);
        return chat;
    }

    @Override
    public void close() throws Exception {
        world.close();
    }
}
