package chat.mz.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How text is cut into search terms. */
class TermsTest {
    @Test
    void lettersAndDigitsOfAnyScriptMakeTerms() {
        assertEquals(List.of("hello", "world", "42"), Terms.all("Hello, WORLD! 42"));
        assertEquals(List.of("grösse", "straße".replace("ß", "ss")), Terms.all("Größe — Straße"));
        assertEquals(List.of("東京", "привет", "नमस्ते"),
                Terms.all("東京 Привет नमस्ते"));
        assertEquals(List.of("fi", "12"), Terms.all("ﬁ １２"), "compatibility forms fold to plain ones");
        assertEquals(List.of(), Terms.all("?! … -- ;)"));
    }

    @Test
    void repeatsAreIndexedOnceAndLongRunsAreCut() {
        assertEquals(List.of("a", "b"), List.copyOf(Terms.distinct("a b A a")));
        assertEquals(Terms.MAX_LENGTH, Terms.all("x".repeat(500)).get(0).length());
    }
}
