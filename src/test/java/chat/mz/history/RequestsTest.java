package chat.mz.history;

import static chat.mz.history.Entries.T0;
import static chat.mz.history.Entries.file;
import static chat.mz.history.Entries.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invitations and join requests wait, across restarts, until answered; a second copy is one request. */
class RequestsTest {
    private final FakeClock clock = new FakeClock(T0);
    @TempDir
    Path dir;

    @Test
    void requestsSurviveARestartUntilAnswered() {
        PendingRequest invitation = new PendingRequest(PendingRequest.Kind.INVITATION, "s-climbing", "Climbing",
                "u-ada", "ada", T0);
        PendingRequest bob = new PendingRequest(PendingRequest.Kind.JOIN_REQUEST, "s-book", "Books", "u-bob", "bob",
                T0.plusSeconds(60));
        PendingRequest cyd = new PendingRequest(PendingRequest.Kind.JOIN_REQUEST, "s-book", "Books", "u-cyd", "cyd",
                T0.plusSeconds(120));
        try (History history = History.open(file(dir), key(1), clock)) {
            history.addRequest(invitation);
            history.addRequest(bob);
            history.addRequest(bob); // redelivered
            history.addRequest(cyd);
        }
        try (History history = History.open(file(dir), key(1), clock)) {
            assertEquals(List.of(cyd, bob, invitation), history.requests(), "newest first, each once");

            assertTrue(history.removeRequest(PendingRequest.Kind.JOIN_REQUEST, "s-book", "u-bob"));
            assertFalse(history.removeRequest(PendingRequest.Kind.JOIN_REQUEST, "s-book", "u-bob"));
            assertTrue(history.removeRequest(PendingRequest.Kind.INVITATION, "s-climbing", null));
            assertEquals(List.of(cyd), history.requests(), "only the answered ones are gone");
        }
    }

    @Test
    void aNewInvitationToTheSameSessionReplacesTheOld() {
        try (History history = History.open(file(dir), key(1), clock)) {
            history.addRequest(new PendingRequest(PendingRequest.Kind.INVITATION, "s-1", "Crag", "u-ada", "ada", T0));
            PendingRequest again = new PendingRequest(PendingRequest.Kind.INVITATION, "s-1", "Crag", "u-bob", "bob",
                    T0.plusSeconds(5));
            history.addRequest(again);
            assertEquals(List.of(again), history.requests());
        }
    }
}
