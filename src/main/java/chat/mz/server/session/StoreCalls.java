package chat.mz.server.session;

import chat.mz.server.account.LoggedInDevice;
import chat.mz.server.account.LoginState;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.store.DeviceKey;
import chat.mz.server.store.StoreChange;
import chat.mz.server.store.StoreExecutor;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** How the conversation handlers run a change: on a store thread, waking the devices it queued for. */
final class StoreCalls {
    private final StoreExecutor executor;
    private final QueueSignals signals;

    StoreCalls(StoreExecutor executor, QueueSignals signals) {
        this.executor = executor;
        this.signals = signals;
    }

    /**
     * Runs a change on a store thread and, once it is committed, wakes the devices it queued for,
     * then makes the answer (which may still refuse: some refusals commit what they queued).
     */
    <T, R> CompletionStage<R> change(Supplier<StoreChange<T>> work, Function<T, R> answer) {
        return executor.run(() -> {
            StoreChange<T> done = work.get();
            signals.signal(done.queuedFor());
            return answer.apply(done.value());
        });
    }

    /** Runs a read on a store thread. */
    <T> CompletionStage<T> read(Supplier<T> work) {
        return executor.run(work);
    }

    static DeviceKey caller(ConnectionContext connection) {
        LoggedInDevice who = LoginState.require(connection);
        return new DeviceKey(who.userId(), who.deviceId());
    }
}
