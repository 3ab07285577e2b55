package chat.mz.app;

import chat.mz.client.config.AppPaths;
import chat.mz.crypto.Argon2Params;
import chat.mz.testing.MessagingWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/**
 * Takes the README's screenshots from the real desktop app: its real first-run wizard and its
 * embedded homeserver on loopback, with friends on other accounts of that homeserver (each a real
 * client core with its own keys and history) writing to it, and a phone linked for real by scanning
 * the QR code the app shows. Everything lives in a temporary folder that is deleted afterwards.
 *
 * <p>Run by {@code docs/screenshots/generate.sh} ({@code ./mvnw -B -ntp -Pscreenshots verify}),
 * headless on Monocle. Exits non-zero if any step does not reach the screen it expects; the pictures
 * in the folder are replaced only once every one of them was taken, so none is ever left stale
 * beside fresh ones, and none shows a screen other than the one it is meant to.
 *
 * @see ScreenshotStory the conversations shown
 */
public final class ScreenshotTour {
    /** Stretches the passphrase cheaply: the pictures are about the app, not about Argon2. */
    private static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    /** An example passphrase for an account that exists only while the tour runs. */
    private static final String PASSPHRASE = "tram 28 up to the castle at dawn";

    private final Path folder;
    private final Path work;
    private final TourScreen screen;

    /**
     * @param folder where the pictures go once all of them are taken
     * @param work   an empty temporary folder for the accounts and the pictures being taken
     */
    ScreenshotTour(Path folder, Path work) {
        this.folder = folder;
        this.work = work;
        this.screen = new TourScreen(work.resolve("pictures"));
    }

    /** @param args the folder to write the PNG files to (default {@code docs/screenshots}) */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        int status = 0;
        try {
            new ScreenshotTour(folder, Files.createTempDirectory("mzchat-screenshots")).run();
            System.out.println("Screenshots are in " + folder.toAbsolutePath());
        } catch (Throwable e) {
            System.err.println("The screenshot tour failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        // the toolkit and the connections' threads would keep the JVM alive
        System.exit(status);
    }

    /** Takes every picture, then replaces the ones in the folder: all of them, or none if a step fails. */
    void run() throws Exception {
        MessagingWorld world = new MessagingWorld(work.resolve("others"));
        DesktopApplication app = null;
        try {
            FxToolkit.registerPrimaryStage();
            AppPaths paths = AppPaths.under(work.resolve("ada"));
            // the app's embedded homeserver is the one the others use: its first run offers "on this computer"
            app = (DesktopApplication) FxToolkit.setupApplication(
                    () -> new DesktopApplication(paths, world::server, CHEAP));
            Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
            tour(app, stage, world, work.resolve("phone"));
            publish(work.resolve("pictures"));
        } finally {
            // the friends went offline with the story; the app closes the homeserver it was given
            if (app != null) {
                FxToolkit.cleanupStages();
                FxToolkit.cleanupApplication(app);
            }
            deleteQuietly(work);
        }
    }

    private void tour(DesktopApplication app, Stage stage, MessagingWorld world, Path phoneFolder)
            throws Exception {
        createAccount(app, stage);

        try (ScreenshotStory story = new ScreenshotStory(app.services(), world)) {
            story.writeToAda();
            String group = createGroupInTheWindow(story);
            story.planInGroup(group);
            story.finishWithGrace();

            open(story.directWithGrace(), story.lastDirectLine());
            screen.shoot(stage.getScene(), "chats");

            open(group, story.lastGroupLine());
            screen.shoot(stage.getScene(), "group");

            screen.click("the Group settings button", "#groupSettings");
            Stage settings = screen.window("Group settings");
            screen.waitForNode("the group's members", "#inviteName");
            screen.shoot(settings.getScene(), "group-settings");
            TourScreen.onFx(() -> {
                settings.hide();
                return null;
            });

            try (ScreenshotPhone phone = new ScreenshotPhone(screen, world.server().uri(), phoneFolder)) {
                phone.link(stage.getScene());
            }

            settingsAndShortcuts(stage);
            open(group, story.lastGroupLine());
            screen.shoot(stage.getScene(), "dark");
        }
    }

    /**
     * The Settings section, then Help → Keyboard shortcuts (opened with its key, F1, as the headless
     * screen cannot open the menu bar's menus), then Dark chosen in Settings as a person chooses it,
     * which restyles the whole app.
     */
    private void settingsAndShortcuts(Stage stage) {
        screen.click("the Settings entry", "#nav-settings");
        screen.waitForNode("the Settings section", "#settingsView");
        screen.shoot(stage.getScene(), "settings");

        screen.robot().push(KeyCode.F1);
        Stage shortcuts = screen.window("Keyboard shortcuts");
        screen.waitForNode("the list of shortcuts", "#shortcutList");
        screen.shoot(shortcuts.getScene(), "shortcuts");
        screen.click("the Close button of the shortcuts", "#closeShortcuts");
        screen.waitFor("the shortcuts closed", () -> !TourScreen.onFx(shortcuts::isShowing));

        screen.click("the Dark theme", "#themeDark");
        screen.waitFor("the dark theme applied", () -> TourScreen.onFx(
                () -> String.valueOf(Application.getUserAgentStylesheet()).contains("dark")));
        screen.click("the Chats entry", "#nav-chats");
    }

    /** The first-run wizard, filled in, then the account made on the embedded homeserver. */
    private void createAccount(DesktopApplication app, Stage stage) {
        screen.waitForNode("the first-run screen", "#firstRun");
        screen.robot().clickOn("#username").write("ada");
        screen.robot().clickOn("#passphrase").write(PASSPHRASE);
        screen.robot().clickOn("#repeatPassphrase").write(PASSPHRASE);
        screen.waitForText("#strengthHint", "Strong");
        screen.shoot(stage.getScene(), "first-run");

        screen.click("the Create account button", "#createAccount");
        screen.waitForNode("the main window", "#mainWindow");
        screen.waitForText("#connectionStatus", "Connected");
        screen.waitFor("the device to log in",
                () -> app.services().lastLogin().map(outcome -> outcome.loggedIn()).orElse(false));
    }

    /** Makes the group as a person does, with New group; returns its id. */
    private String createGroupInTheWindow(ScreenshotStory story) {
        screen.click("the New group button", "#newGroupButton");
        screen.click("the group's name field", "#newGroupName");
        screen.robot().write(ScreenshotStory.GROUP_NAME);
        screen.robot().clickOn("#newGroupMembers").write("grace, margaret");
        screen.robot().push(KeyCode.ENTER);
        screen.waitFor("the new group open", () -> !screen.isShown("#newGroupName")
                && ScreenshotStory.GROUP_NAME.equals(screen.text("#chatTitle")));
        return story.adaSessionNamed(ScreenshotStory.GROUP_NAME);
    }

    /**
     * Selects a conversation in the list, scrolls its messages to the end with the mouse wheel as a
     * reader would, and waits until its last message shows in full.
     */
    private void open(String sessionId, String lastLine) {
        screen.click("the conversation in the list", "#conversation-" + sessionId);
        screen.waitFor("\"" + lastLine + "\" in the open conversation", () -> TourScreen.onFx(() -> line(lastLine).isPresent()));
        screen.waitFor("\"" + lastLine + "\" in full at the end of the conversation", () -> {
            boolean inFull = TourScreen.onFx(() -> {
                Node list = screen.robot().lookup("#messageList").query();
                Bounds shown = list.localToScreen(list.getLayoutBounds());
                return line(lastLine).filter(TourScreen::showing)
                        .map(node -> shown.contains(node.localToScreen(node.getLayoutBounds()))).orElse(false);
            });
            if (!inFull) {
                // as a reader scrolls down; the headless screen's mouse wheel does not reach the list
                TourScreen.onFx(() -> ((VirtualFlow<?>) screen.robot().lookup("#messageList .virtual-flow").query())
                        .scrollPixels(10_000));
            }
            return inFull;
        });
    }

    /** The label showing {@code text} in the open conversation; call on the JavaFX thread. */
    private Optional<Node> line(String text) {
        return screen.robot().lookup("#messageList")
                .lookup((Node node) -> node instanceof Labeled labeled && text.equals(labeled.getText()))
                .tryQuery();
    }

    private void publish(Path pictures) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> taken = Files.list(pictures)) {
            for (Path picture : taken.sorted().toList()) {
                Files.copy(picture, folder.resolve(picture.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                System.out.printf("wrote %s (%d KB)%n", folder.resolve(picture.getFileName()),
                        Files.size(picture) / 1024);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Left " + folder + " behind: " + e);
        }
    }
}
