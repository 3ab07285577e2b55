package chat.mz.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.mz.testing.FakeClock;
import chat.mz.ui.status.ConnectionStatusViewModel;
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
    void listsChatsThenDevices() {
        assertEquals(List.of(Section.CHATS, Section.DEVICES), viewModel.sections());
        assertEquals("Chats", viewModel.sections().get(0).label());
        assertEquals("Devices", viewModel.sections().get(1).label());
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
