package chat.mz.bench;

import chat.mz.app.DesktopServices;
import chat.mz.client.config.AppPaths;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.SessionFacts;
import chat.mz.identity.UserIds;
import chat.mz.server.Homeserver;
import chat.mz.testing.LiveConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The account {@link MemoryBench} opens in the desktop app, made the way a user gets one: created and
 * registered on the embedded homeserver (whose database lives in the app's data folder, as the app's
 * first run leaves it), its keystore sealed under a passphrase with the app's own Argon2 strength;
 * then its history filled through the history API as the messenger fills it when messages arrive.
 *
 * <p>Each conversation is a 1:1 chat (every third) or a group, with its members and a name as the
 * homeserver would give them, the people in it remembered as contacts, and a few of them with
 * unread messages. A message's sender is one of the conversation's members; this account's own
 * messages come back from the homeserver as sent.
 */
final class MemoryBenchAccount {
    static final String USERNAME = "ada";
    /** The history's file name in the data folder, as the app opens it (without H2's {@code .mv.db}). */
    static final String HISTORY_FILE = "history";
    /** What the messenger passes to addReceived at most: one page of the device's queue. */
    static final int BATCH = 500;
    private static final int PROGRESS_EVERY = 50_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** One message every 30 s, ending now: a year of a heavy user's messages. */
    private static final long SECONDS_APART = 30;
    private static final String[] FIRST_NAMES = {"bob", "cyd", "dana", "eli", "fay", "gus", "hana", "ivo", "jo",
            "kim", "lea", "max", "nina", "otto", "pia", "rui", "sam", "tove", "uma", "vic"};
    private static final String[] GROUP_NAMES = {"Climbing", "Book club", "Family", "Flat", "Project", "Choir",
            "Running", "Neighbours", "Football", "Band"};

    /** Someone this account writes with. */
    private record Person(String userId, String username, String deviceId, byte[] rootKey) {
    }

    /** What was made: the query the user will search for and what it cost. */
    record Filled(String query, int queryMessages, long historyBytes, double fillSeconds) {
    }

    private final AppPaths paths;
    private final Corpus corpus;
    private final SplittableRandom ids = new SplittableRandom(11);
    private final Map<Integer, Person> people = new HashMap<>();

    MemoryBenchAccount(AppPaths paths, Corpus corpus) {
        this.paths = paths;
        this.corpus = corpus;
    }

    /** Creates the account and fills its history; the passphrase is not kept. */
    Filled create(char[] passphrase) throws Exception {
        paths.create();
        try (UnlockedIdentity identity = register(passphrase)) {
            return fill(identity);
        }
    }

    /** The app's first run: the embedded homeserver, then the account created and registered on it. */
    private UnlockedIdentity register(char[] passphrase) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Homeserver server = DesktopServices.startLoopbackHomeserver(paths);
             HomeserverConnection connection = LiveConnections.open(server.uri())) {
            return new AccountCreator(new LocalIdentity(paths.data()), Argon2Params.interactive(), new SecureRandom(),
                    Clock.systemUTC(), worker).create(connection, AccountCreator.Request.of(USERNAME, null), passphrase)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            worker.shutdownNow();
        }
    }

    private Filled fill(UnlockedIdentity me) throws Exception {
        Path file = new LocalIdentity(paths.data()).keystoreFile().resolveSibling(HISTORY_FILE);
        byte[] key = me.historyKey();
        History history;
        try {
            history = History.open(file, key, Clock.systemUTC());
        } finally {
            Bytes.wipe(key);
        }
        long began = System.nanoTime();
        try (history) {
            String[] sessionIds = new String[corpus.sessions()];
            for (int s = 0; s < corpus.sessions(); s++) {
                sessionIds[s] = randomId();
                addConversation(history, me, s, sessionIds[s]);
            }
            System.out.printf(Locale.ROOT, "  %,d conversations with their members and contacts stored in %.0f s%n",
                    corpus.sessions(), (System.nanoTime() - began) / 1e9);
            long started = System.nanoTime();
            Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    .minusSeconds(SECONDS_APART * corpus.messages());
            long[] lastSeq = new long[corpus.sessions()];
            corpus.generate((index, batch) -> {
                List<Entry> entries = new ArrayList<>(batch.size());
                for (Corpus.Message m : batch) {
                    entries.add(entry(me, sessionIds[m.session()], m, first.plusSeconds(SECONDS_APART * m.index())));
                    lastSeq[m.session()] = Math.max(lastSeq[m.session()], m.seq());
                }
                history.addReceived(entries);
                int done = index + batch.size();
                if (done % PROGRESS_EVERY < batch.size() || done == corpus.messages()) {
                    progress(done, System.nanoTime() - started);
                }
            });
            for (int s = 0; s < corpus.sessions(); s++) {
                // most conversations read to the end; a few with something new
                int unread = s % 5 == 0 ? s % 13 : 0;
                if (lastSeq[s] > unread) {
                    history.markRead(sessionIds[s], lastSeq[s] - unread);
                }
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        String query = corpus.wordWithFrequency(Math.max(30, corpus.messages() / 20));
        return new Filled(query, corpus.frequency(query), Files.size(file.resolveSibling(HISTORY_FILE + ".mv.db")),
                seconds);
    }

    private void addConversation(History history, UnlockedIdentity me, int s, String sessionId) {
        boolean direct = s % 3 == 0;
        List<Member> members = new ArrayList<>();
        String name;
        String myRole;
        if (direct) {
            Person peer = person(s, 1);
            name = peer.username();
            myRole = "member";
            members.add(new Member(sessionId, peer.userId(), peer.username(), "member"));
            history.rememberContact(peer.userId(), peer.username(), peer.rootKey());
        } else {
            name = GROUP_NAMES[s % GROUP_NAMES.length] + " " + (s / GROUP_NAMES.length + 1);
            myRole = s % 2 == 0 ? "owner" : "member";
            for (int r = 1; r <= 4; r++) {
                Person member = person(s, r);
                members.add(new Member(sessionId, member.userId(), member.username(),
                        r == 1 && !myRole.equals("owner") ? "owner" : "member"));
                history.rememberContact(member.userId(), member.username(), member.rootKey());
            }
        }
        members.add(0, new Member(sessionId, me.userId(), me.username(), myRole));
        history.upsertSession(new SessionFacts(sessionId, name, direct, false, Membership.MEMBER, myRole));
        history.replaceMembers(sessionId, members);
    }

    /** The corpus's sender 0 of a conversation is this account; in a 1:1 chat all others are the peer. */
    private Entry entry(UnlockedIdentity me, String sessionId, Corpus.Message m, Instant at) {
        int r = m.sender() - m.session() * 7;
        String messageId = randomId();
        if (r == 0) {
            return new Entry(sessionId, m.seq(), messageId, me.userId(), me.deviceId(), me.username(),
                    Entry.Kind.TEXT, m.text(), at, at, true, DeliveryState.SENT);
        }
        Person sender = person(m.session(), m.session() % 3 == 0 ? 1 : r);
        return new Entry(sessionId, m.seq(), messageId, sender.userId(), sender.deviceId(), sender.username(),
                Entry.Kind.TEXT, m.text(), at, at, false, DeliveryState.DELIVERED);
    }

    private Person person(int session, int r) {
        return people.computeIfAbsent(session * 7 + r, n -> {
            byte[] rootKey = new byte[32];
            ids.nextBytes(rootKey);
            String username = FIRST_NAMES[n % FIRST_NAMES.length] + (n / FIRST_NAMES.length);
            return new Person(UserIds.fromRootKey(rootKey), username, randomId(), rootKey);
        });
    }

    /** Shaped like the ids devices and the homeserver make: 128 bits, URL-safe. */
    private String randomId() {
        byte[] bytes = new byte[16];
        ids.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void progress(int done, long nanos) {
        double seconds = nanos / 1e9;
        double rate = done / seconds;
        System.out.printf(Locale.ROOT, "  %,d of %,d messages stored (%,.0f/s, about %.0f min left)%n", done,
                corpus.messages(), rate, (corpus.messages() - done) / rate / 60);
    }
}
