package chat.mz.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transfer of the desktop's history to a freshly linked device, as {@link TransferPhase} timed it:
 * times from {@code acceptHistory} in nanoseconds, what was sent, the new device's history file, and
 * the CPU the round took ({@link TransferCpu}).
 */
record TransferRound(int round, long offered, long received, long firstBatchNanos, long receiverDoneNanos,
                     long senderDoneNanos, long bytes, int batches, long fileBefore, long fileAfter,
                     long senderCpuNanos, long receiverCpuNanos, long processCpuNanos, long gcMillis,
                     double loadBefore, Map<String, Long> threadCpuNanos) {

    /** The rate quoted: messages stored per second until the new device's DONE. */
    double perSecond() {
        return received / (receiverDoneNanos / 1e9);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("round", round);
        json.put("messages_offered", offered);
        json.put("messages_received", received);
        json.put("messages_per_second", Math.round(perSecond()));
        json.put("accept_to_receiver_done_millis", Units.roundMillis(receiverDoneNanos, 1));
        json.put("accept_to_sender_done_millis", Units.roundMillis(senderDoneNanos, 1));
        json.put("accept_to_first_batch_stored_millis", Units.roundMillis(firstBatchNanos, 1));
        json.put("sealed_bytes", bytes);
        json.put("sealed_bytes_per_message", Units.round((double) bytes / offered, 1));
        json.put("batches", batches);
        json.put("receiver_history_file_bytes_before", fileBefore);
        json.put("receiver_history_file_bytes_after", fileAfter);
        json.put("sender_messenger_thread_cpu_millis", Units.roundMillis(senderCpuNanos, 1));
        json.put("receiver_messenger_thread_cpu_millis", Units.roundMillis(receiverCpuNanos, 1));
        json.put("process_cpu_millis", Units.roundMillis(processCpuNanos, 1));
        json.put("gc_millis", gcMillis);
        Map<String, Object> byThread = new LinkedHashMap<>();
        threadCpuNanos.forEach((name, nanos) -> byThread.put(name, Units.roundMillis(nanos, 1)));
        json.put("cpu_millis_by_thread", byThread);
        json.put("load_average_before", loadBefore);
        return json;
    }
}
