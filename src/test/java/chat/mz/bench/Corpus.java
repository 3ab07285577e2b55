package chat.mz.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Reproducible synthetic messages: made-up words ranked by a Zipf distribution (s = 1), 3 to 20 of
 * them per message, each message in a random conversation from one of its members.
 */
final class Corpus {
    private static final int VOCABULARY = 30_000;

    /** A message of conversation {@code session}; {@code sender} is one of five per conversation. */
    record Message(int index, int session, long seq, int sender, String text) {
    }

    @FunctionalInterface
    interface BatchSink {
        void accept(int first, List<Message> batch) throws Exception;
    }

    private final long seed;
    private final int messages;
    private final int sessions;
    private final int batchSize;
    private final String[] words;
    private final double[] cumulative;
    private final int[] frequency;
    private boolean counted;

    /**
     * @param messages  how many messages {@link #generate} makes
     * @param sessions  over how many conversations
     * @param batchSize how many it hands over at a time
     */
    Corpus(long seed, int messages, int sessions, int batchSize) {
        this.seed = seed;
        this.messages = messages;
        this.sessions = sessions;
        this.batchSize = batchSize;
        Random random = new Random(seed);
        String[] consonants = "b c d f g h k l m n p r s t v w z".split(" ");
        String[] vowels = {"a", "e", "i", "o", "u", "ä", "ö"};
        Set<String> unique = new HashSet<>();
        words = new String[VOCABULARY];
        int n = 0;
        while (n < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + random.nextInt(4);
            for (int s = 0; s < syllables; s++) {
                word.append(consonants[random.nextInt(consonants.length)])
                        .append(vowels[random.nextInt(random.nextInt(10) == 0 ? vowels.length : 5)]);
            }
            if (unique.add(word.toString())) {
                words[n++] = word.toString();
            }
        }
        cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int r = 0; r < VOCABULARY; r++) {
            sum += 1.0 / (r + 1);
            cumulative[r] = sum;
        }
        for (int r = 0; r < VOCABULARY; r++) {
            cumulative[r] /= sum;
        }
        frequency = new int[VOCABULARY];
    }

    static String sessionId(int session) {
        return "session-" + session;
    }

    int messages() {
        return messages;
    }

    int sessions() {
        return sessions;
    }

    /** The same messages every time, in batches; the first run also counts each word's messages. */
    void generate(BatchSink sink) throws Exception {
        Random random = new Random(seed + 1);
        long[] seqs = new long[sessions];
        List<Message> batch = new ArrayList<>(batchSize);
        boolean[] inMessage = new boolean[VOCABULARY];
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            int session = random.nextInt(sessions);
            int length = 3 + random.nextInt(18);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                int rank = rank(random.nextDouble());
                if (w > 0) {
                    text.append(random.nextInt(12) == 0 ? ", " : " ");
                }
                text.append(w == 0 ? capitalize(words[rank]) : words[rank]);
                if (!inMessage[rank]) {
                    inMessage[rank] = true;
                    used.add(rank);
                }
            }
            text.append(random.nextInt(4) == 0 ? "?" : ".");
            if (!counted) {
                used.forEach(r -> frequency[r]++);
            }
            used.forEach(r -> inMessage[r] = false);
            used.clear();
            batch.add(new Message(i, session, ++seqs[session], session * 7 + random.nextInt(5), text.toString()));
            if (batch.size() == batchSize || i == messages - 1) {
                sink.accept(i + 1 - batch.size(), batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        counted = true;
    }

    private int rank(double u) {
        int at = Arrays.binarySearch(cumulative, u);
        return Math.min(at >= 0 ? at : -at - 1, VOCABULARY - 1);
    }

    /**
     * A word that is no prefix of another (the last query word also matches as a prefix), in about
     * {@code count} messages.
     */
    String wordWithFrequency(int count) {
        String[] sorted = words.clone();
        Arrays.sort(sorted);
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i + 1 < sorted.length; i++) {
            if (sorted[i + 1].startsWith(sorted[i])) {
                prefixes.add(sorted[i]);
            }
        }
        int best = -1;
        for (int r = 0; r < VOCABULARY; r++) {
            if (prefixes.contains(words[r])) {
                continue;
            }
            if (best < 0 || Math.abs(frequency[r] - count) < Math.abs(frequency[best] - count)) {
                best = r;
            }
        }
        return words[best];
    }

    int frequency(String word) {
        return frequency[Arrays.asList(words).indexOf(word)];
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
