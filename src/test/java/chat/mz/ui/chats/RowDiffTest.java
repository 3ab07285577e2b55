package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** The shown list changes as little as it can, so a list view keeps its place. */
class RowDiffTest {
    private final ObservableList<String> shown = FXCollections.observableArrayList("c", "d", "e");
    private final List<String> changes = new ArrayList<>();

    RowDiffTest() {
        shown.addListener((ListChangeListener<String>) change -> {
            while (change.next()) {
                changes.add((change.wasReplaced() ? "replaced " : change.wasAdded() ? "added " : "removed ")
                        + change.getFrom() + (change.wasAdded() ? " " + change.getAddedSubList() : "")
                        + (change.wasRemoved() ? " -" + change.getRemoved() : ""));
            }
        });
    }

    @Test
    void olderRowsInFrontAreOneInsertion() {
        RowDiff.apply(shown, List.of("a", "b", "c", "d", "e"), Function.identity());
        assertEquals(List.of("a", "b", "c", "d", "e"), shown);
        assertEquals(List.of("added 0 [a, b]"), changes);
    }

    @Test
    void newRowsAtTheEndAreOneInsertion() {
        RowDiff.apply(shown, List.of("c", "d", "e", "f"), Function.identity());
        assertEquals(List.of("added 3 [f]"), changes);
    }

    @Test
    void aChangedRowIsReplacedInPlace() {
        RowDiff.apply(shown, List.of("c", "d2", "e"), s -> s.substring(0, 1));
        assertEquals(List.of("c", "d2", "e"), shown);
        assertEquals(List.of("replaced 1 [d2] -[d]"), changes);
    }

    @Test
    void aRowMovingToTheTopChangesOnlyTheRangeBetween() {
        RowDiff.apply(shown, List.of("e", "c", "d"), Function.identity());
        assertEquals(List.of("e", "c", "d"), shown);
    }

    @Test
    void everythingGoneEmptiesTheList() {
        RowDiff.apply(shown, List.of(), Function.identity());
        assertEquals(List.of(), shown);
    }
}
