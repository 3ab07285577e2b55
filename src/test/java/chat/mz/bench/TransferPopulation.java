package chat.mz.bench;

import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Member;
import chat.mz.history.Membership;
import chat.mz.history.Protection;
import chat.mz.history.SessionFacts;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.session.SessionIds;
import chat.mz.testing.MessagingWorld.User;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The history-transfer bench's desktop history: conversations busy by a Zipf law, every fourth a direct
 * one, a few end-to-end encrypted with two or three room keys each, chat texts of 20 to 300 characters
 * (one in {@value #NON_ASCII_EVERY} not all ASCII) spread over the last {@link #SPAN}, and each
 * conversation read up to most of its length. Written straight into the desktop's {@link History}, as
 * its messenger would have stored it over time, since sending that many messages through the
 * homeserver is not what the bench measures.
 */
final class TransferPopulation {
    /** Entries stored per call: one store per message would make the fill, not the transfer, the long part. */
    private static final int FILL_BATCH = 1_000;
    /** How far back the generated history reaches: inside the default 90-day offer. */
    private static final Duration SPAN = Duration.ofDays(60);
    private static final String[] WORDS = ("the a to and I you it is that of in we for on this ok yes no "
            + "meeting tomorrow today tonight later lunch dinner coffee train late sorry thanks great "
            + "sounds good see you soon call me when can do did done will would should could maybe "
            + "project deadline review draft slides photo picture link file weekend plan trip ticket").split(" ");
    /** Words of the messages that are not all ASCII: accented, Cyrillic, Chinese, emoji. */
    private static final String[] OTHER_WORDS = ("schön größer Straße café naïve déjà über müde ça привет спасибо "
            + "хорошо 你好 谢谢 明天 😀 👍 🎉 ❤️ ✓ …").split(" ");
    /** One message in this many has words that are not ASCII. */
    private static final int NON_ASCII_EVERY = 5;

    private final int messages;
    private final int conversations;
    private final int encrypted;
    private final SecureRandom random = new SecureRandom();

    /** What the desktop's history was filled with. */
    record Filled(long textChars, int nonAscii, int keys) {
    }

    /** A population of {@code messages} over {@code conversations}, {@code encrypted} of them encrypted. */
    TransferPopulation(int messages, int conversations, int encrypted) {
        this.messages = messages;
        this.conversations = conversations;
        this.encrypted = encrypted;
    }

    /**
     * Fills the desktop's history: conversations busy by a Zipf law, every fourth a direct one, the
     * encrypted ones with two or three room keys, each read up to most of its length.
     */
    Filled fill(User desk, List<User> people) {
        History history = desk.history();
        // a fixed seed: every run transfers the same texts in the same conversations
        SplittableRandom pick = new SplittableRandom(42);
        List<String> ids = new ArrayList<>();
        double[] cumulative = new double[conversations];
        double sum = 0;
        for (int s = 0; s < conversations; s++) {
            ids.add(SessionIds.random(random));
            sum += 1.0 / (s + 1);
            cumulative[s] = sum;
        }
        Instant start = Instant.now().minus(SPAN);
        int keys = 0;
        for (int s = 0; s < conversations; s++) {
            String id = ids.get(s);
            boolean direct = s % 4 == 3;
            history.upsertSession(new SessionFacts(id, direct ? people.get(1 + s % 2).username() : "Group " + s,
                    direct, isEncrypted(s), Membership.MEMBER, direct ? "member" : "owner"));
            List<Member> members = new ArrayList<>();
            members.add(new Member(id, desk.userId(), desk.username(), direct ? "member" : "owner"));
            for (User other : direct ? List.of(people.get(1 + s % 2)) : people.subList(1, people.size())) {
                members.add(new Member(id, other.userId(), other.username(), "member"));
            }
            history.replaceMembers(id, members);
            if (isEncrypted(s)) {
                int epochs = 2 + s % 2;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    byte[] key = new byte[32];
                    random.nextBytes(key);
                    User from = people.get(epoch % people.size());
                    history.roomKeys().add(new StoredRoomKey(id, epoch, key, start.plus(Duration.ofDays(epoch)),
                            from.userId(), from.identity().deviceId(), true));
                    keys++;
                }
            }
        }
        long[] seqs = new long[conversations];
        long textChars = 0;
        int nonAscii = 0;
        long step = SPAN.toMillis() / messages;
        List<Entry> batch = new ArrayList<>(FILL_BATCH);
        for (int i = 0; i < messages; i++) {
            double u = pick.nextDouble() * sum;
            int s = 0;
            while (s < conversations - 1 && cumulative[s] < u) {
                s++;
            }
            String id = ids.get(s);
            User from = s % 4 == 3 && pick.nextInt(2) == 0 ? people.get(1 + s % 2)
                    : people.get(pick.nextInt(people.size()));
            boolean mine = from == desk;
            String text = text(pick);
            textChars += text.length();
            if (text.chars().anyMatch(c -> c > 127)) {
                nonAscii++;
            }
            Instant at = start.plusMillis(step * i);
            batch.add(new Entry(id, ++seqs[s], "m" + i, from.userId(), from.identity().deviceId(), from.username(),
                    Entry.Kind.TEXT, text, at, at, mine, DeliveryState.DELIVERED,
                    isEncrypted(s) ? Protection.ENCRYPTED : Protection.PLAIN));
            if (batch.size() == FILL_BATCH || i == messages - 1) {
                history.addReceived(batch);
                batch = new ArrayList<>(FILL_BATCH);
            }
        }
        for (int s = 0; s < conversations; s++) {
            if (seqs[s] > 0) {
                history.markRead(ids.get(s), Math.max(1, seqs[s] - s));
            }
        }
        return new Filled(textChars, nonAscii, keys);
    }

    /** The encrypted conversations are spread evenly: with 20 and 4, numbers 1, 6, 11 and 16. */
    private boolean isEncrypted(int conversation) {
        if (encrypted == 0) {
            return false;
        }
        int step = conversations / encrypted;
        int offset = step > 1 ? 1 : 0;
        return conversation >= offset && (conversation - offset) % step == 0
                && (conversation - offset) / step < encrypted;
    }

    /** A chat text of 20 to 300 characters, mostly short ones; one in {@link #NON_ASCII_EVERY} not all ASCII. */
    private static String text(SplittableRandom pick) {
        double u = pick.nextDouble();
        int length = 20 + (int) (280 * u * u);
        boolean other = pick.nextInt(NON_ASCII_EVERY) == 0;
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            String word = other && pick.nextInt(4) == 0 ? OTHER_WORDS[pick.nextInt(OTHER_WORDS.length)]
                    : WORDS[pick.nextInt(WORDS.length)];
            if (text.length() + 1 + word.length() > 300) {
                break;
            }
            if (!text.isEmpty()) {
                text.append(pick.nextInt(10) == 0 ? ", " : " ");
            }
            text.append(word);
        }
        while (text.length() < 20) {
            text.append('.');
        }
        return text.toString();
    }
}
