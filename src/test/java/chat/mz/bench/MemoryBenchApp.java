package chat.mz.bench;

import chat.mz.app.Main;
import chat.mz.ui.main.Section;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The desktop app as {@link MemoryBench} measures it: starts the real app through {@link Main} on the
 * account under {@code args[0]}, and goes where a user goes, one step at a time: the unlock screen,
 * unlocking, the Chats section with every conversation listed, one conversation open, a few pages
 * scrolled up, a search. After each step it says so on stdout and waits for the bench to measure.
 *
 * <p>Talks to the bench by lines: stdin first carries the passphrase, then commands ({@code heap}:
 * report the heap; {@code gc}: the same after a full collection; {@code next}: go on; {@code quit}:
 * close the window, as a user would); stdout carries lines starting with {@link #PREFIX}. When stdin
 * ends, the bench is gone, and so is this process.
 *
 * <p>Arguments: the app's home folder, how many conversations the list must show, and the search query.
 */
public final class MemoryBenchApp {
    static final String PREFIX = "mzbench ";
    /** How many pages of older messages the user scrolls up through. */
    static final int PAGES_UP = 5;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    /** An older page comes from the history in milliseconds; this long without one means there is none. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(30);
    /** How often a step's end is looked for: the resolution of its duration. */
    private static final Duration POLL = Duration.ofMillis(20);

    /** Steps in the order the user takes them; the bench names its table rows after these. */
    enum Step {
        UNLOCK_SCREEN("Unlock screen shown"),
        UNLOCKED("Unlocked: main window"),
        CHATS("Chats: conversation list loaded"),
        CONVERSATION("One conversation open"),
        SCROLLED("Scrolled up " + PAGES_UP + " pages"),
        SEARCH("Search results shown");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private final BufferedReader commands;
    private final int conversations;
    private final String query;
    /** When the step under way began (the JVM's start for the first), for how long it took. */
    private long stepStartedMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

    private MemoryBenchApp(BufferedReader commands, int conversations, String query) {
        this.commands = commands;
        this.conversations = conversations;
        this.query = query;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: MemoryBenchApp HOME CONVERSATIONS QUERY (the passphrase on stdin)");
            System.exit(2);
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = stdin.readLine();
        if (line == null) {
            System.exit(3);
        }
        char[] passphrase = line.toCharArray();
        MemoryBenchApp driver = new MemoryBenchApp(stdin, Integer.parseInt(args[1]), args[2]);
        Thread driving = new Thread(() -> driver.drive(passphrase), "memory-bench-driver");
        driving.setDaemon(true);
        driving.start();
        // the app as users start it: the one entry point, which exits the JVM once the window is closed
        Main.main(new String[] {"--home", args[0]});
    }

    private void drive(char[] passphrase) {
        try {
            Scene scene = waitForScene();
            say("jvm", "gc=" + ManagementFactory.getGarbageCollectorMXBeans().stream()
                            .map(GarbageCollectorMXBean::getName).map(n -> n.replace(' ', '_'))
                            .collect(Collectors.joining(",")),
                    "max_heap=" + Runtime.getRuntime().maxMemory(),
                    "java=" + System.getProperty("java.runtime.version"),
                    "javafx=" + System.getProperty("javafx.runtime.version"));
            waitFor(Step.UNLOCK_SCREEN, () -> scene.lookup("#unlockPassphrase") != null);
            ready(Step.UNLOCK_SCREEN, "");

            stepStartedMillis = System.currentTimeMillis();
            onFx(() -> {
                PasswordField field = (PasswordField) scene.lookup("#unlockPassphrase");
                field.requestFocus();
                // as typing would leave it: the field keeps its text as a String, which the view clears
                field.setText(new String(passphrase));
                ((Button) scene.lookup("#unlockButton")).fire();
                return null;
            });
            Arrays.fill(passphrase, '\0');
            waitFor(Step.UNLOCKED, () -> scene.getRoot() != null && "mainWindow".equals(scene.getRoot().getId()));
            ready(Step.UNLOCKED, "");

            stepStartedMillis = System.currentTimeMillis();
            onFx(() -> {
                list(scene, "#navigation").getSelectionModel().select(Section.CHATS.ordinal());
                return null;
            });
            waitFor(Step.CHATS, () -> scene.lookup("#conversationList") instanceof ListView<?> list
                    && list.getItems().size() >= conversations);
            ready(Step.CHATS, "rows=" + onFx(() -> list(scene, "#conversationList").getItems().size()));

            stepStartedMillis = System.currentTimeMillis();
            onFx(() -> {
                ListView<?> list = list(scene, "#conversationList");
                list.requestFocus();
                list.getSelectionModel().select(0);
                return null;
            });
            waitFor(Step.CONVERSATION, () -> !list(scene, "#messageList").getItems().isEmpty());
            ready(Step.CONVERSATION, "rows=" + rows(scene));

            stepStartedMillis = System.currentTimeMillis();
            int pages = 0;
            while (pages < PAGES_UP) {
                int before = rows(scene);
                onFx(() -> {
                    // the scroll bar dragged to the top: the list loads the page before the oldest row
                    list(scene, "#messageList").scrollTo(0);
                    return null;
                });
                if (!waitFor(PAGE_TIMEOUT, () -> list(scene, "#messageList").getItems().size() > before)) {
                    break; // the conversation's first message is on screen: a small history
                }
                pages++;
            }
            ready(Step.SCROLLED, "pages=" + pages + " rows=" + rows(scene));

            stepStartedMillis = System.currentTimeMillis();
            onFx(() -> {
                TextField search = (TextField) scene.lookup("#chatSearch");
                search.requestFocus();
                search.setText(query);
                return null;
            });
            if (!waitFor(STEP_TIMEOUT, () -> scene.lookup("#searchResults") instanceof ListView<?> results
                    && !results.getItems().isEmpty())) {
                throw new TimeoutException(Step.SEARCH.label + ": none within " + STEP_TIMEOUT.toSeconds()
                        + " s; the search says: " + onFx(() -> ((Labeled) scene.lookup("#searchSummary")).getText()));
            }
            ready(Step.SEARCH, "results=" + onFx(() -> list(scene, "#searchResults").getItems().size()));

            String command = command();
            if (!"quit".equals(command)) {
                throw new IllegalStateException("expected quit, got " + command);
            }
            quit();
        } catch (Exception e) {
            say("failed", e.toString().replace('\n', ' '));
            Runtime.getRuntime().halt(1);
        }
    }

    /** Reports a step and serves the bench's commands until it says to go on. */
    private void ready(Step step, String detail) throws Exception {
        say("ready", step.name(), detail, "took_ms=" + (System.currentTimeMillis() - stepStartedMillis));
        while (true) {
            String command = command();
            switch (command) {
                case "next" -> {
                    return;
                }
                case "heap" -> heap();
                case "gc" -> {
                    System.gc();
                    heap();
                }
                case "quit" -> quit();
                default -> throw new IllegalStateException("unknown command " + command);
            }
        }
    }

    /** The heap as it is, garbage included: reading it changes nothing, unlike a collection. */
    private static void heap() {
        Runtime runtime = Runtime.getRuntime();
        say("heap", "used=" + (runtime.totalMemory() - runtime.freeMemory()), "committed=" + runtime.totalMemory());
    }

    private String command() throws IOException {
        String line = commands.readLine();
        if (line == null) {
            // the bench is gone: nobody is measuring, and nobody would close the window
            Runtime.getRuntime().halt(3);
        }
        return line.strip();
    }

    /** Closes the window as a user would; the app then stops and {@link Main} ends the JVM. */
    private void quit() throws Exception {
        onFx(() -> {
            for (Window window : new ArrayList<>(Window.getWindows())) {
                if (window instanceof Stage stage) {
                    stage.close();
                }
            }
            return null;
        });
        Thread.sleep(QUIT_TIMEOUT.toMillis());
        say("failed", "the app did not exit within " + QUIT_TIMEOUT.toSeconds() + " s of its window closing");
        Runtime.getRuntime().halt(4);
    }

    private static Scene waitForScene() throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Scene scene = onFx(() -> Window.getWindows().stream().filter(Window::isShowing)
                        .map(Window::getScene).filter(s -> s != null).findFirst().orElse(null));
                if (scene != null) {
                    return scene;
                }
            } catch (IllegalStateException e) {
                // the toolkit is not up yet
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("no window within " + STEP_TIMEOUT.toSeconds() + " s");
    }

    private static void waitFor(Step step, Callable<Boolean> condition) throws Exception {
        if (!waitFor(STEP_TIMEOUT, condition)) {
            throw new TimeoutException(step.label + ": not reached within " + STEP_TIMEOUT.toSeconds() + " s");
        }
    }

    /** False when {@code timeout} passed first. */
    private static boolean waitFor(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!onFx(condition)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    private static ListView<?> list(Scene scene, String selector) {
        Node node = scene.lookup(selector);
        if (node instanceof ListView<?> list) {
            return list;
        }
        throw new IllegalStateException("no list " + selector + " on screen");
    }

    private static int rows(Scene scene) throws Exception {
        return onFx(() -> list(scene, "#messageList").getItems().size());
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        try {
            return task.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void say(String what, String... details) {
        List<String> parts = new ArrayList<>();
        parts.add(what);
        for (String detail : details) {
            if (!detail.isEmpty()) {
                parts.add(detail);
            }
        }
        System.out.println(PREFIX + String.join(" ", parts));
        System.out.flush();
    }
}
