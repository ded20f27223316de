package io.pegasus.client;

import io.pegasus.data.PartitionHash;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.batch_get_response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batch forms (spec 7.7): each item is its own single or multi-key operation, run in parallel within the
 * client's batch window, except {@link #batchGetByPartitions}, which sends one batch_get per partition. Every item
 * gets its own outcome; the batch future itself fails only when the whole call is invalid.
 */
final class BatchOps {
    private final TableHandle table;
    private final int timeoutMs;
    private final Validation check;
    private final SingleKeyOps single;
    private final MultiKeyOps multi;
    private final int window;

    BatchOps(TableHandle table, int timeoutMs, Validation check, SingleKeyOps single, MultiKeyOps multi) {
        this.table = table;
        this.timeoutMs = timeoutMs;
        this.check = check;
        this.single = single;
        this.multi = multi;
        this.window = table.runtime().options.batchWindow();
    }

    CompletableFuture<List<BatchOutcome<byte[]>>> batchGet(List<FullKey> keys) {
        try {
            check.nonEmpty(keys, "batchGet keys");
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return BatchRunner.run(keys.size(), window, i -> {
            FullKey k = keys.get(i);
            return k == null ? nullItem() : single.get(k.hashKey(), k.sortKey());
        });
    }

    CompletableFuture<List<BatchOutcome<Void>>> batchSet(List<SetItem> items) {
        return BatchRunner.run(size(items), window, i -> {
            SetItem s = items.get(i);
            return s == null ? nullItem() : single.set(s.hashKey(), s.sortKey(), s.value(), s.ttlSeconds());
        });
    }

    CompletableFuture<List<BatchOutcome<Void>>> batchDel(List<FullKey> keys) {
        return BatchRunner.run(size(keys), window, i -> {
            FullKey k = keys.get(i);
            return k == null ? nullItem() : single.del(k.hashKey(), k.sortKey());
        });
    }

    /** Each item: the listed sort keys of its hash key, or all of them for an empty list. */
    CompletableFuture<List<BatchOutcome<MultiGetResult>>> batchMultiGet(List<HashKeySortKeys> keys) {
        return BatchRunner.run(size(keys), window, i -> {
            HashKeySortKeys k = keys.get(i);
            return k == null ? nullItem() : multi.multiGet(k.hashKey(), k.sortKeys(), -1, -1, false);
        });
    }

    CompletableFuture<List<BatchOutcome<Void>>> batchMultiSet(List<HashKeyData> items, int ttlSeconds) {
        return BatchRunner.run(size(items), window, i -> {
            HashKeyData d = items.get(i);
            return d == null ? nullItem() : multi.multiSet(d.hashKey(), d.values(), ttlSeconds);
        });
    }

    CompletableFuture<List<BatchOutcome<Void>>> batchMultiDel(List<HashKeySortKeys> keys) {
        return BatchRunner.run(size(keys), window, i -> {
            HashKeySortKeys k = keys.get(i);
            return k == null ? nullItem() : multi.multiDel(k.hashKey(), k.sortKeys());
        });
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private <T> CompletableFuture<T> nullItem() {
        return CompletableFuture.failedFuture(new PegasusInvalidArgumentException(table.name(), "null batch item"));
    }

    /**
     * One batch_get per partition (spec 4.10): keys grouped by the partition of the CRC-64 of their hash-key bytes
     * (an empty hash key falls in partition 0), each group routed by the hash of its first key. A group that fails
     * fails each of its keys.
     */
    CompletableFuture<List<BatchOutcome<byte[]>>> batchGetByPartitions(List<FullKey> keys) {
        try {
            check.nonEmpty(keys, "batchGetByPartitions keys");
            for (FullKey k : keys) {
                check.notNull(k, "batch item");
                check.hashKeyLength(k.hashKey());
            }
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        TableRouting routing = table.routing();
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] hk = keys.get(i).hashKey();
            long hash = PartitionHash.crc64(hk == null ? new byte[0] : hk);
            groups.computeIfAbsent(routing.partitionIndex(hash), p -> new ArrayList<>())
                    .add(i);
        }
        @SuppressWarnings("unchecked")
        BatchOutcome<byte[]>[] outcomes = (BatchOutcome<byte[]>[]) new BatchOutcome<?>[keys.size()];
        CompletableFuture<List<BatchOutcome<byte[]>>> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(groups.size());
        for (List<Integer> indexes : groups.values()) {
            List<FullKey> groupKeys = new ArrayList<>(indexes.size());
            indexes.forEach(i -> groupKeys.add(keys.get(i)));
            byte[] firstHashKey = groupKeys.get(0).hashKey();
            ReplicaRequest<batch_get_response> req = ReplicaRequest.byHash(
                    OperationType.BATCH_GET,
                    RpcNames.BATCH_GET,
                    Args.struct(Requests.batchGet(groupKeys)),
                    PartitionHash.crc64(firstHashKey == null ? new byte[0] : firstHashKey),
                    true,
                    Responses.BATCH_GET);
            var unused = ReplicaCall.start(table, req, timeoutMs).whenComplete((response, error) -> {
                if (error != null) {
                    PegasusException e = Futures.asPegasus(error);
                    indexes.forEach(i -> outcomes[i] = BatchOutcome.failed(e));
                } else {
                    List<byte[]> values = Responses.assembleBatchGet(groupKeys, response);
                    for (int j = 0; j < indexes.size(); j++) {
                        outcomes[indexes.get(j)] = BatchOutcome.ok(values.get(j));
                    }
                }
                if (pending.decrementAndGet() == 0) {
                    done.complete(Arrays.asList(outcomes));
                }
            });
        }
        return done;
    }
}
