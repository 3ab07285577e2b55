package chat.mz.bench;

import chat.mz.client.Subscription;
import chat.mz.client.messaging.Me;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Protection;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One member device of the re-key bench, online: its connection, history and messenger, and what it has
 * read. {@code awaited} maps a message's text to the wait completed, with {@link System#nanoTime()}, when
 * the device can read it (or, on the sender, when the homeserver accepted it).
 */
record RekeyDevice(RekeyMember member, int index, RekeyMember.Online online, History history,
                   Messenger messenger, Map<String, CompletableFuture<Long>> awaited, Subscription events) {
    String userId() {
        return member.userId();
    }

    /**
     * Logs device {@code index} of {@code member} in on its own connection and starts its messenger, with a
     * history in {@code data}; everything opened is added to {@code toClose}, in the order it was opened.
     */
    static RekeyDevice start(URI uri, RekeyMember member, int index, Path data, SecureRandom random,
                             List<AutoCloseable> toClose) throws InterruptedException {
        RekeyMember.Online connection = RekeyMember.Online.open(uri).login(member, index);
        toClose.add(connection);
        byte[] fileKey = new byte[32];
        random.nextBytes(fileKey);
        History history = History.open(data.resolve("devices").resolve(member.username() + "-" + index)
                .resolve("history"), fileKey, Clock.systemUTC());
        toClose.add(history);
        Me me = new Me(member.userId(), member.device(index).id(), member.username());
        Messenger messenger = new Messenger(connection.connection(), history, me, member.secrets(index),
                Clock.systemUTC(), random);
        toClose.add(messenger);
        Map<String, CompletableFuture<Long>> awaited = new java.util.concurrent.ConcurrentHashMap<>();
        Subscription events = messenger.events().subscribe(event -> {
            long at = System.nanoTime();
            if (awaited.isEmpty()) {
                return;
            }
            if (event instanceof MessengerEvent.EntriesAdded added) {
                added.entries().forEach(entry -> readable(entry, awaited, at));
            } else if (event instanceof MessengerEvent.EntryChanged changed) {
                // a message revealed once its key arrived
                history.latest(changed.sessionId(), 8).forEach(entry -> readable(entry, awaited, at));
            }
        });
        toClose.add(events::close);
        messenger.loggedIn();
        return new RekeyDevice(member, index, connection, history, messenger, awaited, events);
    }

    /**
     * Completes the wait for {@code entry}'s text: a message received and decrypted, or (on the sender) one
     * of its own that the homeserver accepted.
     */
    private static void readable(Entry entry, Map<String, CompletableFuture<Long>> awaited, long at) {
        boolean done = !entry.outgoing() || entry.state() == DeliveryState.SENT
                || entry.state() == DeliveryState.DELIVERED;
        if (entry.kind() == Entry.Kind.TEXT && entry.protection() == Protection.ENCRYPTED && done) {
            CompletableFuture<Long> waiting = awaited.get(entry.text());
            if (waiting != null) {
                waiting.complete(at);
            }
        }
    }
}
