package chat.mz.ui.chats;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.collections.ObservableList;

/**
 * Brings a shown list to a new content with the smallest change it can find: rows kept at both ends
 * stay (replaced in place when their content changed), only the middle is swapped. A list view then
 * keeps its scroll position and selection, and older messages put in front arrive as one insertion.
 */
final class RowDiff {
    private RowDiff() {
    }

    static <T> void apply(ObservableList<T> shown, List<T> next, Function<T, String> key) {
        int head = 0;
        int max = Math.min(shown.size(), next.size());
        while (head < max && key.apply(shown.get(head)).equals(key.apply(next.get(head)))) {
            head++;
        }
        int tail = 0;
        while (tail < max - head && key.apply(shown.get(shown.size() - 1 - tail))
                .equals(key.apply(next.get(next.size() - 1 - tail)))) {
            tail++;
        }
        for (int i = 0; i < head; i++) {
            if (!Objects.equals(shown.get(i), next.get(i))) {
                shown.set(i, next.get(i));
            }
        }
        for (int i = 0; i < tail; i++) {
            int from = shown.size() - 1 - i;
            int to = next.size() - 1 - i;
            if (!Objects.equals(shown.get(from), next.get(to))) {
                shown.set(from, next.get(to));
            }
        }
        int oldMiddleEnd = shown.size() - tail;
        int newMiddleEnd = next.size() - tail;
        if (oldMiddleEnd > head && newMiddleEnd > head) {
            shown.remove(head, oldMiddleEnd);
            shown.addAll(head, next.subList(head, newMiddleEnd));
        } else if (oldMiddleEnd > head) {
            shown.remove(head, oldMiddleEnd);
        } else if (newMiddleEnd > head) {
            shown.addAll(head, next.subList(head, newMiddleEnd));
        }
    }
}
