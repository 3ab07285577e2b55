package chat.mz.app;

import chat.mz.client.messaging.Messenger;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.history.SessionSummary;
import chat.mz.testing.MessagingWorld;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The conversations the screenshots show: Ada (the desktop app) plans a trip to Lisbon with Grace,
 * in a 1:1 chat and in an end-to-end-encrypted group with Margaret, and has a short chat with
 * Katherine. Grace, Margaret and Katherine are real accounts on the app's homeserver, each with its
 * own client core; Ada's lines go through the app's own client core. Each line is sent only after
 * the one before it was accepted, so the conversations read in order.
 */
final class ScreenshotStory implements AutoCloseable {
    static final String GROUP_NAME = "Lisbon in May";
    private static final int PATIENCE_SECONDS = 30;

    private final Messenger ada;
    private final String adaId;
    private final MessagingWorld.User grace;
    private final MessagingWorld.User margaret;
    private final MessagingWorld.User katherine;
    private String directWithGrace;
    private String lastDirectLine;
    private String lastGroupLine;

    /** Registers Ada's friends on {@code world}'s homeserver, the one the app uses. */
    ScreenshotStory(DesktopServices app, MessagingWorld world) throws Exception {
        this.ada = app.messenger().orElseThrow(() -> new IllegalStateException("The app has no open account"));
        this.adaId = app.unlockedIdentity().orElseThrow().userId();
        this.grace = world.register("grace");
        this.margaret = world.register("margaret");
        this.katherine = world.register("katherine");
    }

    /** Katherine's chat and the start of Grace's: older than the group, so lower in the list. */
    void writeToAda() throws Exception {
        String withKatherine = direct(katherine);
        say(katherine, withKatherine, "Your notes from Tuesday's talk were so helpful, thank you!");
        adaSays(withKatherine, "Glad they helped! The slides are in the shared folder.");
        say(katherine, withKatherine, "Found them. Coffee next week?");

        directWithGrace = direct(grace);
        say(grace, directWithGrace, "Morning! Did you see the flight prices for Lisbon?");
        adaSays(directWithGrace, "I did. Out on Friday evening and back on Monday is the cheapest.");
        say(grace, directWithGrace, "Perfect. Shall I book the flat near Alfama we liked?");
    }

    /**
     * The three of them plan in the group Ada made (its first members are in at once); fails unless
     * every line reached Ada encrypted and verified.
     */
    void planInGroup(String group) throws Exception {
        MessagingWorld.await("Grace and Margaret in the group on Ada's device", PATIENCE_SECONDS,
                () -> ada.history().members(group).size() == 3);

        for (MessagingWorld.User member : List.of(grace, margaret)) {
            MessagingWorld.await(member.username() + " has the group", PATIENCE_SECONDS,
                    () -> member.history().session(group).isPresent());
        }
        say(grace, group, "Hi both! Thanks for setting this up, Ada.");
        say(margaret, group, "So excited. I land on Friday at 8 pm.");
        adaSays(group, "Flights are booked. Who is in for the palaces in Sintra on Saturday?");
        say(margaret, group, "Me! And pastéis de nata in Belém afterwards.");
        lastGroupLine = "The flat is confirmed: three bedrooms, five minutes from the tram 28 stop.";
        say(grace, group, lastGroupLine);

        List<Entry> unprotected = ada.history().latest(group, 50).stream()
                .filter(entry -> entry.kind() == Entry.Kind.TEXT && entry.protection() != Protection.ENCRYPTED)
                .toList();
        if (!unprotected.isEmpty()) {
            throw new IllegalStateException("Group messages that were not end-to-end encrypted: " + unprotected);
        }
    }

    /** The last lines with Grace, so that her chat is the newest. */
    void finishWithGrace() throws Exception {
        adaSays(directWithGrace, "Yes please! I'll sort out the train to Sintra.");
        lastDirectLine = "Booked! I'll send you the confirmation tonight.";
        say(grace, directWithGrace, lastDirectLine);
    }

    String directWithGrace() {
        return directWithGrace;
    }

    String lastDirectLine() {
        return lastDirectLine;
    }

    String lastGroupLine() {
        return lastGroupLine;
    }

    /** The id of Ada's conversation called {@code name}, once her device has it. */
    String adaSessionNamed(String name) {
        try {
            MessagingWorld.await("\"" + name + "\" on Ada's device", PATIENCE_SECONDS,
                    () -> find(ada.history(), name).isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        return find(ada.history(), name).orElseThrow();
    }

    private static Optional<String> find(History history, String name) {
        return history.sessions().stream().filter(session -> session.name().equals(name))
                .map(SessionSummary::sessionId).findFirst();
    }

    /** The 1:1 chat {@code from} starts with Ada, after looking up her keys as a person adding her does. */
    private String direct(MessagingWorld.User from) throws Exception {
        await(from.contacts().add("ada"));
        return await(from.messenger().conversations().direct(adaId)).sessionId();
    }

    private void say(MessagingWorld.User who, String session, String text) throws Exception {
        await(who.messenger().send(session, text));
        arrives(session, text);
    }

    private void adaSays(String session, String text) throws Exception {
        await(ada.send(session, text));
        arrives(session, text);
    }

    /**
     * Waits until Ada's device has the line with its place in the conversation (the homeserver's
     * number: Ada's own lines are stored before they are sent), so that the next one comes after it.
     */
    private void arrives(String session, String text) throws InterruptedException {
        MessagingWorld.await("\"" + text + "\" on Ada's device", PATIENCE_SECONDS, () -> ada.history()
                .latest(session, 20).stream().anyMatch(entry -> text.equals(entry.text()) && entry.seq() != null));
    }

    /** Ada's friends go offline, before the homeserver they use stops with the app. */
    @Override
    public void close() {
        for (MessagingWorld.User friend : List.of(grace, margaret, katherine)) {
            friend.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }
}
