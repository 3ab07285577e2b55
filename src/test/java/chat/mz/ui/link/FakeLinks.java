package chat.mz.ui.link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Links a test completes by hand, remembering what the view model asked of each. */
final class FakeLinks implements LinkStarter {
    final List<FakeLink> started = new ArrayList<>();

    @Override
    public Link start() {
        FakeLink link = new FakeLink();
        started.add(link);
        return link;
    }

    FakeLink last() {
        return started.get(started.size() - 1);
    }

    static final class FakeLink implements Link {
        final CompletableFuture<Code> code = new CompletableFuture<>();
        final CompletableFuture<Request> request = new CompletableFuture<>();
        final CompletableFuture<NewDevice> linked = new CompletableFuture<>();
        int approvals;
        int denials;
        int cancels;

        @Override
        public CompletionStage<Code> code() {
            return code;
        }

        @Override
        public CompletionStage<Request> request() {
            return request;
        }

        @Override
        public CompletionStage<NewDevice> linked() {
            return linked;
        }

        @Override
        public void approve() {
            approvals++;
        }

        @Override
        public void deny() {
            denials++;
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }
}
