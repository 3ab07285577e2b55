package chat.mz.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.client.config.Settings.WindowBounds;
import chat.mz.ui.main.WindowPlacement.Area;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    private static final Area LAPTOP = new Area(0, 0, 1920, 1050);
    private static final Area MONITOR_ON_THE_RIGHT = new Area(1920, 0, 2560, 1400);

    private final WindowPlacement placement = new WindowPlacement(1000, 680, 720, 480);

    @Test
    void opensAtTheDefaultSizeCentredOnFirstRun() {
        WindowBounds placed = placement.place(Optional.empty(), List.of(LAPTOP), LAPTOP);

        assertEquals(new WindowBounds(460, 185, 1000, 680, false), placed);
    }

    @Test
    void opensWhereItWasLastTime() {
        WindowBounds saved = new WindowBounds(100, 80, 1200, 800, false);

        assertEquals(saved, placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP));
    }

    @Test
    void opensOnTheSecondScreenIfThatIsWhereItWas() {
        WindowBounds saved = new WindowBounds(2200, 100, 1400, 900, false);

        assertEquals(saved, placement.place(Optional.of(saved), List.of(LAPTOP, MONITOR_ON_THE_RIGHT), LAPTOP));
    }

    @Test
    void comesBackToThePrimaryScreenWhenItsScreenIsGone() {
        WindowBounds saved = new WindowBounds(2200, 100, 1400, 900, false);

        WindowBounds placed = placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP);

        assertEquals(new WindowBounds(460, 185, 1000, 680, false), placed);
    }

    @Test
    void doesNotReuseBoundsLargerThanTheScreenHasBecome() {
        WindowBounds saved = new WindowBounds(0, 0, 2400, 1300, false);

        WindowBounds placed = placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP);

        assertEquals(new WindowBounds(460, 185, 1000, 680, false), placed);
    }

    @Test
    void toleratesDecorationsAFewPixelsPastTheScreenEdge() {
        WindowBounds saved = new WindowBounds(-8, -4, 1000, 700, false);

        assertEquals(saved, placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP));
    }

    @Test
    void remembersMaximizedEvenWhenTheBoundsNoLongerFit() {
        WindowBounds saved = new WindowBounds(5000, 0, 1000, 700, true);

        WindowBounds placed = placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP);

        assertEquals(new WindowBounds(460, 185, 1000, 680, true), placed);
    }

    @Test
    void ignoresBoundsBelowTheMinimumSize() {
        WindowBounds saved = new WindowBounds(10, 10, 300, 200, false);

        WindowBounds placed = placement.place(Optional.of(saved), List.of(LAPTOP), LAPTOP);

        assertEquals(new WindowBounds(460, 185, 1000, 680, false), placed);
    }

    @Test
    void neverOpensLargerThanASmallPrimaryScreen() {
        Area small = new Area(0, 0, 900, 600);

        WindowBounds placed = placement.place(Optional.empty(), List.of(small), small);

        assertEquals(new WindowBounds(0, 0, 900, 600, false), placed);
    }
}
