package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words searched for are found at the start of words in a result's text, whatever their case. */
class SearchMatchesTest {
    @Test
    void eachWordIsFoundAtTheStartOfWords() {
        assertEquals(List.of(new SearchRow.Match(4, 8), new SearchRow.Match(12, 16)),
                SearchViewModel.matches("the Crag is closed", "crag clos"));
    }

    @Test
    void partsOfWordsInsideOtherWordsAreNotMatches() {
        assertEquals(List.of(new SearchRow.Match(10, 13)), SearchViewModel.matches("scrap the rope", "rop"));
    }

    @Test
    void overlappingWordsBecomeOneMatch() {
        assertEquals(List.of(new SearchRow.Match(0, 5)), SearchViewModel.matches("ropes", "rope ropes"));
    }
}
