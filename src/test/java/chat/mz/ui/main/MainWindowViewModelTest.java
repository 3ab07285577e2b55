package chat.mz.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainWindowViewModelTest {
    private final MainWindowViewModel viewModel =
            new MainWindowViewModel("1.2.3", new ConnectionStatusViewModel(Runnable::run, new FakeClock()));

    @Test
    void isTitledMzchat() {
        assertEquals("mzchat", viewModel.title());
    }

    @Test
    void listsChatsThenDevicesThenSettings() {
        assertEquals(List.of(Section.CHATS, Section.DEVICES, Section.SETTINGS), viewModel.sections());
        assertEquals("Chats", viewModel.sections().get(0).label());
        assertEquals("Devices", viewModel.sections().get(1).label());
        assertEquals("Settings", viewModel.sections().get(2).label());
    }

    @Test
    void aCommandNobodyFilledInDoesNothing() {
        assertFalse(viewModel.availableBinding(Command.NEW_CHAT).get());
        assertFalse(viewModel.run(Command.NEW_CHAT));
    }

    @Test
    void aCommandRunsWhatASectionSaysAndStopsWhenTakenAway() {
        List<String> done = new ArrayList<>();
        viewModel.setAction(Command.LINK_DEVICE, () -> done.add("link"));

        assertTrue(viewModel.availableBinding(Command.LINK_DEVICE).get());
        assertTrue(viewModel.run(Command.LINK_DEVICE));
        assertEquals(List.of("link"), done);

        viewModel.setAction(Command.LINK_DEVICE, null);
        assertFalse(viewModel.availableBinding(Command.LINK_DEVICE).get());
        assertFalse(viewModel.run(Command.LINK_DEVICE));
        assertEquals(List.of("link"), done);
    }

    @Test
    void goingToASectionNeedsNobodyElse() {
        assertTrue(viewModel.run(Command.SHOW_SETTINGS));
        assertEquals(Section.SETTINGS, viewModel.selectedSectionProperty().get());
        assertTrue(viewModel.run(Command.SHOW_DEVICES));
        assertEquals(Section.DEVICES, viewModel.selectedSectionProperty().get());
        assertTrue(viewModel.run(Command.SHOW_CHATS));
        assertEquals(Section.CHATS, viewModel.selectedSectionProperty().get());
        assertTrue(viewModel.run(Command.SETTINGS));
        assertEquals(Section.SETTINGS, viewModel.selectedSectionProperty().get());
    }

    @Test
    void everyCommandWithAShortcutShowsItsFirstInItsMenu() {
        for (Command command : Command.values()) {
            List<Shortcut> rows = Shortcuts.TABLE.stream().filter(s -> s.command() == command).toList();
            assertEquals(rows.stream().findFirst(), Shortcuts.primary(command), command.name());
        }
        assertEquals(Shortcuts.TABLE.size(), Shortcuts.TABLE.stream().map(Shortcut::keys).distinct().count(),
                "no two rows bind the same keys");
    }

    @Test
    void hintsNameTheShortcutAsTheMenuShowsIt() {
        assertEquals(" (" + Shortcuts.primary(Command.SEARCH).orElseThrow().keys().getDisplayText() + ")",
                Shortcuts.hint(Command.SEARCH));
        assertEquals("", Shortcuts.hint(Command.ABOUT), "About has no shortcut");
    }

    @Test
    void opensOnChatsWithAFriendlyEmptyState() {
        assertEquals(Section.CHATS, viewModel.selectedSectionProperty().get());
        assertEquals("No conversations yet", viewModel.emptyTitleBinding().get());
        assertEquals("Conversations you start or receive will show up here.", viewModel.emptyHintBinding().get());
    }

    @Test
    void showsTheEmptyStateOfTheOpenSection() {
        viewModel.selectedSectionProperty().set(Section.DEVICES);

        assertEquals("No linked devices yet", viewModel.emptyTitleBinding().get());
        assertEquals("Link your phone or another computer to use mzchat there too.",
                viewModel.emptyHintBinding().get());
    }

    @Test
    void keepsTheOpenSectionWhenTheSelectionIsCleared() {
        viewModel.selectedSectionProperty().set(Section.DEVICES);

        viewModel.selectedSectionProperty().set(null);

        assertEquals(Section.DEVICES, viewModel.selectedSectionProperty().get());
        assertEquals("No linked devices yet", viewModel.emptyTitleBinding().get());
    }

    @Test
    void showsTheVersion() {
        assertEquals("Version 1.2.3", viewModel.versionText());
    }
}
