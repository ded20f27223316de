package io.pegasus.server.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Client writes accepted by the primary but not yet in a mutation, because {@code maxInFlightMutations} decrees are
 * already being replicated. Writes that wait here are batched into the next mutation, so under load each round trip
 * carries many writes; when the pipeline has room, a write becomes a mutation at once (no waiting to fill a batch).
 * Bounded: beyond {@code capacity} the primary refuses writes with {@code ERR_BUSY} (load shedding, as Apache
 * Pegasus's write throttling answers).
 */
final class WriteQueue {

    private final ArrayDeque<ReplicaEvent.ClientWrite> queue = new ArrayDeque<>();
    private final int capacity;

    WriteQueue(int capacity) {
        this.capacity = capacity;
    }

    /** False if the queue is full. */
    boolean offer(ReplicaEvent.ClientWrite write) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.addLast(write);
        return true;
    }

    /** The oldest writes, at most {@code maxWrites} and {@code maxBytes} (but at least one if any is queued). */
    List<ReplicaEvent.ClientWrite> nextBatch(int maxWrites, int maxBytes) {
        List<ReplicaEvent.ClientWrite> batch = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && batch.size() < maxWrites) {
            int size = queue.peekFirst().request().payload().sizeBytes();
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            batch.add(queue.pollFirst());
            bytes += size;
        }
        return batch;
    }

    /** Removes and returns every queued write. */
    List<ReplicaEvent.ClientWrite> drain() {
        List<ReplicaEvent.ClientWrite> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }
}
