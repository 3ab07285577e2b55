package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The rotation periods {@code mzchat group settings --rotation} takes, and what it refuses in words. */
class RotationConverterTest {
    private final GroupCommand.RotationConverter converter = new GroupCommand.RotationConverter();

    @Test
    void periodsFromAMinuteToAYearOrNone() {
        assertEquals(Duration.ZERO, converter.convert("none"));
        assertEquals(Duration.ZERO, converter.convert(" NONE "));
        assertEquals(Duration.ofSeconds(90), converter.convert("90s"));
        assertEquals(Duration.ofMinutes(30), converter.convert("30m"));
        assertEquals(Duration.ofHours(12), converter.convert("12h"));
        assertEquals(Duration.ofDays(366), converter.convert("366d"));
    }

    @Test
    void everythingElseIsRefusedInWords() {
        for (String outside : List.of("59s", "367d", "0m")) {
            assertTrue(refused(outside).contains("outside 1 minute to 366 days"), outside);
        }
        for (String malformed : List.of("soon", "-5m", "2w", "1.5h", "", "h", "9999999999d")) {
            assertTrue(refused(malformed).contains("is not a period such as 90s"), malformed);
        }
    }

    private String refused(String value) {
        return assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(value)).getMessage();
    }
}
