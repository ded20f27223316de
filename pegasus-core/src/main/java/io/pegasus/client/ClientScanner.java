package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The driver of a scanner: walks its partitions one after another, each with a {@link ScanState}, sending the
 * GET_SCANNER / SCAN it asks for through {@link ReplicaCall} (so routing errors refresh and retry like any read, with
 * the scan's own timeout).
 */
final class ClientScanner implements PegasusScanner {
    private final TableHandle table;
    private final ScanOptions options;
    /** The partitions to scan, in order; for a hash scanner the single entry -1 means "route by {@link #hash}". */
    private final int[] partitions;

    private final long hash;
    private final ScanState[] states;
    private final ArrayDeque<ScanRecord> buffer = new ArrayDeque<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private int current;
    private PegasusException failure;
    private volatile boolean closed;

    private ClientScanner(TableHandle table, ScanOptions options, int[] partitions, long hash, ScanState[] states) {
        this.table = table;
        this.options = options;
        this.partitions = partitions;
        this.hash = hash;
        this.states = states;
    }

    static ClientScanner forHashKey(
            TableHandle table, byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions o) {
        return new ClientScanner(table, o, new int[] {-1}, PartitionHash.crc64(hashKey), new ScanState[] {
            ScanState.forHashKey(hashKey, startSortKey, stopSortKey, o)
        });
    }

    static ClientScanner forPartitions(TableHandle table, int[] partitions, ScanOptions o) {
        ScanState[] states = new ScanState[partitions.length];
        for (int i = 0; i < states.length; i++) {
            states[i] = ScanState.forPartition(o);
        }
        return new ClientScanner(table, o, partitions.clone(), 0, states);
    }

    /**
     * Splits a table's partitions over at most {@code maxSplitCount} scanners: {@code min(maxSplitCount, partitions)}
     * scanners, the first {@code partitions mod count} of them one partition more than the rest.
     */
    static List<int[]> split(int partitionCount, int maxSplitCount) {
        int count = Math.min(partitionCount, maxSplitCount);
        int size = partitionCount / count;
        int more = partitionCount % count;
        List<int[]> out = new ArrayList<>(count);
        int next = 0;
        for (int i = 0; i < count; i++) {
            int[] part = new int[size + (i < more ? 1 : 0)];
            for (int j = 0; j < part.length; j++) {
                part[j] = next++;
            }
            out.add(part);
        }
        return out;
    }

    @Override
    public ScanRecord next() throws PegasusException {
        enter();
        try {
            while (buffer.isEmpty()) {
                if (finishedOrFailed()) {
                    return end();
                }
                buffer.addAll(Futures.await(fetchBatch()));
            }
            return buffer.poll();
        } finally {
            busy.set(false);
        }
    }

    @Override
    public CompletableFuture<ScanRecord> nextAsync() {
        try {
            enter();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!buffer.isEmpty()) {
            busy.set(false);
            return CompletableFuture.completedFuture(buffer.poll());
        }
        // the scanner is free again before the caller learns the result (a callback may call nextAsync at once)
        CompletableFuture<ScanRecord> internal = nextInternal().whenComplete((r, e) -> busy.set(false));
        return Futures.onExecutor(internal, table.runtime().callbacks);
    }

    private CompletableFuture<ScanRecord> nextInternal() {
        if (!buffer.isEmpty()) {
            return CompletableFuture.completedFuture(buffer.poll());
        }
        if (finishedOrFailed()) {
            try {
                return CompletableFuture.completedFuture(end());
            } catch (PegasusException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return fetchBatch().thenCompose(batch -> {
            buffer.addAll(batch);
            return nextInternal();
        });
    }

    private void enter() {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("a scanner serves one call at a time");
        }
    }

    private boolean finishedOrFailed() {
        return closed || failure != null || current >= states.length;
    }

    /** The end of the records: null when finished, the deferred failure otherwise. */
    private ScanRecord end() throws PegasusException {
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /**
     * Fetches the next non-empty batch (an empty list when the scan is finished, closed or failed; a failure is
     * then held in {@link #failure} or the future fails). Completes on an IO thread; for internal composition.
     */
    CompletableFuture<List<ScanRecord>> fetchBatch() {
        while (current < states.length && states[current].next() == ScanState.Step.DONE) {
            current++;
        }
        if (closed || failure != null || current >= states.length) {
            return CompletableFuture.completedFuture(List.of());
        }
        ScanState state = states[current];
        int partition = partitions[current];
        boolean open = state.next() == ScanState.Step.OPEN;
        var args = open ? Args.struct(state.openRequest()) : Args.struct(new scan_request(state.contextId()));
        String rpc = open ? RpcNames.GET_SCANNER : RpcNames.SCAN;
        ReplicaRequest<scan_response> req = partition < 0
                ? ReplicaRequest.byHash(OperationType.SCAN, rpc, args, hash, true, Responses.SCAN)
                : ReplicaRequest.toPartition(OperationType.SCAN, rpc, args, partition, Responses.SCAN);
        return ReplicaCall.start(table, req, options.timeoutMs()).thenCompose(response -> {
            ScanState.Batch batch;
            try {
                batch = open ? state.onOpenResponse(response) : state.onScanResponse(response);
            } catch (ResponseFailure f) {
                failure = f.toException(where(partition));
                return CompletableFuture.failedFuture(failure);
            }
            if (closed) {
                clear(state, partition);
                return CompletableFuture.completedFuture(List.<ScanRecord>of());
            }
            if (batch.abortStatus() != 0) {
                failure = new PegasusStatusException(
                        where(partition), batch.abortStatus(), "scan (stopped by the server's time budget)");
            }
            List<ScanRecord> records = toRecords(batch.records());
            if (records.isEmpty() && failure == null) {
                return fetchBatch();
            }
            return CompletableFuture.completedFuture(records);
        });
    }

    /** The failure that ended the scan after its last records, or null. */
    PegasusException failure() {
        return failure;
    }

    private ErrorContext where(int partition) {
        return new ErrorContext(table.name(), partition, null);
    }

    private List<ScanRecord> toRecords(List<key_value> kvs) {
        List<ScanRecord> out = new ArrayList<>(kvs.size());
        for (key_value kv : kvs) {
            byte[] key = blob.bytesOf(kv.getKey());
            if (!StoredKey.isValid(key)) {
                failure = new PegasusException(
                        where(-1), ErrorCode.ERR_INVALID_DATA, "scan returned a malformed stored key");
                break;
            }
            out.add(new ScanRecord(StoredKey.hashKey(key), StoredKey.sortKey(key), blob.bytesOf(kv.getValue())));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        if (current < states.length) {
            clear(states[current], partitions[current]);
        }
    }

    /** Fire-and-forget CLEAR_SCANNER for a context the server still keeps (spec 4.15). */
    private void clear(ScanState state, int partition) {
        long context = state.liveContext();
        if (context < 0) {
            return;
        }
        TableRouting routing = table.routing();
        int index = partition >= 0 ? partition : routing.partitionIndex(hash);
        RpcConnection conn = routing.connection(index);
        if (conn != null) {
            RequestMeta meta = RequestMeta.forPartition(
                    routing.appId(), index, options.timeoutMs(), partition >= 0 ? partition : hash);
            conn.sendOneWay(RpcNames.CLEAR_SCANNER, meta, Args.i64(context));
        }
    }
}
