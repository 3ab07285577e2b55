package chat.mz.history;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into search terms: runs of letters and digits in any script, compatibility-normalized
 * (NFKC, so a ligature or a full-width digit matches its plain form), lower-cased and with ß folded
 * to ss, so "Größe", "GRÖSSE" and "grösse" are one term. The same function indexes and queries.
 */
final class Terms {
    /** Longer runs (hashes, links pasted whole) are cut; a cut term still matches as a prefix. */
    static final int MAX_LENGTH = 64;

    private Terms() {
    }

    /** The distinct terms of {@code text}, in order of first appearance. */
    static Set<String> distinct(String text) {
        return new LinkedHashSet<>(all(text));
    }

    /** Every term of {@code text} in order, repeats kept. */
    static List<String> all(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC);
        List<String> terms = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        int i = 0;
        while (i < normalized.length()) {
            int codePoint = normalized.codePointAt(i);
            i += Character.charCount(codePoint);
            if (partOfWord(codePoint, term.length() > 0)) {
                term.appendCodePoint(codePoint);
            } else if (term.length() > 0) {
                terms.add(fold(term));
                term.setLength(0);
            }
        }
        if (term.length() > 0) {
            terms.add(fold(term));
        }
        return terms;
    }

    private static boolean partOfWord(int codePoint, boolean inWord) {
        if (Character.isLetterOrDigit(codePoint)) {
            return true;
        }
        // combining marks belong to the letter before them (Devanagari vowel signs, Thai tone marks)
        int type = Character.getType(codePoint);
        return inWord && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK);
    }

    private static String fold(CharSequence term) {
        String folded = term.toString().toLowerCase(Locale.ROOT).replace("ß", "ss");
        if (folded.length() <= MAX_LENGTH) {
            return folded;
        }
        // never split a surrogate pair
        int end = Character.isHighSurrogate(folded.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return folded.substring(0, end);
    }
}
