package chat.mz.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small index segment (the postings of one write, or of a few merged) packed into one value: a sorted term table
 * with offsets, then each term's postings. One row per write instead of one per term keeps the
 * write and the first merge cheap, and a term is still found by binary search without unpacking
 * the rest.
 *
 * <p>Layout: term count n; n + 1 offsets into the term bytes; n + 1 offsets into the postings;
 * the terms' UTF-8 bytes; the postings, each term's list packed as one {@link Postings} part.
 */
final class PackedSegment {
    private final ByteBuffer data;
    private final int count;
    private final int termsAt;
    private final int postingsAt;

    PackedSegment(byte[] bytes) {
        this.data = ByteBuffer.wrap(bytes);
        this.count = data.getInt(0);
        this.termsAt = 4 + 8 * (count + 1);
        this.postingsAt = termsAt + data.getInt(4 + 4 * count);
    }

    /** Packs the terms' postings; each list must be sorted newest first. */
    static byte[] pack(List<String> sortedTerms, Map<String, Postings> byTerm) {
        int n = sortedTerms.size();
        byte[][] terms = new byte[n][];
        byte[][] lists = new byte[n][];
        int termBytes = 0;
        int postingBytes = 0;
        for (int i = 0; i < n; i++) {
            terms[i] = sortedTerms.get(i).getBytes(StandardCharsets.UTF_8);
            lists[i] = byTerm.get(sortedTerms.get(i)).whole();
            termBytes += terms[i].length;
            postingBytes += lists[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * (n + 1) + termBytes + postingBytes);
        out.putInt(n);
        int at = 0;
        for (int i = 0; i <= n; i++) {
            out.putInt(at);
            at += i < n ? terms[i].length : 0;
        }
        at = 0;
        for (int i = 0; i <= n; i++) {
            out.putInt(at);
            at += i < n ? lists[i].length : 0;
        }
        for (byte[] term : terms) {
            out.put(term);
        }
        for (byte[] list : lists) {
            out.put(list);
        }
        return out.array();
    }

    int size() {
        return count;
    }

    String term(int index) {
        int from = data.getInt(4 + 4 * index);
        int to = data.getInt(4 + 4 * (index + 1));
        return new String(data.array(), termsAt + from, to - from, StandardCharsets.UTF_8);
    }

    byte[] postings(int index) {
        int base = 4 + 4 * (count + 1);
        int from = data.getInt(base + 4 * index);
        int to = data.getInt(base + 4 * (index + 1));
        return Arrays.copyOfRange(data.array(), postingsAt + from, postingsAt + to);
    }

    /** The postings of {@code term}, or null when this segment has none. */
    byte[] postings(String term) {
        int at = lowerBound(term);
        return at < count && term(at).equals(term) ? postings(at) : null;
    }

    /** Up to {@code max} terms starting with {@code prefix}, in order. */
    List<String> termsStartingWith(String prefix, int max) {
        List<String> terms = new ArrayList<>();
        for (int at = lowerBound(prefix); at < count && terms.size() < max; at++) {
            String term = term(at);
            if (!term.startsWith(prefix)) {
                break;
            }
            terms.add(term);
        }
        return terms;
    }

    private int lowerBound(String term) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (term(middle).compareTo(term) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
