package io.pegasus.client;

import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.Args;
import java.util.concurrent.CompletableFuture;

/**
 * Operations on one record (spec 4.1, 4.3, 4.5, 4.8, 4.11, 4.12): validate, build the request, run it. The futures
 * are internal ones (see {@link Futures}). Routing hash: the hash key, or the sort key when the hash key is empty
 * (spec 5.5).
 */
final class SingleKeyOps {
    private final TableHandle table;
    private final ClientRuntime rt;
    private final int timeoutMs;
    private final Validation check;

    SingleKeyOps(TableHandle table, int timeoutMs, Validation check) {
        this.table = table;
        this.rt = table.runtime();
        this.timeoutMs = timeoutMs;
        this.check = check;
    }

    private <T> CompletableFuture<T> run(ReplicaRequest<T> req) {
        return ReplicaCall.start(table, req, timeoutMs);
    }

    CompletableFuture<byte[]> get(byte[] hashKey, byte[] sortKey) {
        try {
            check.hashKeyLength(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.GET,
                RpcNames.GET,
                Args.blob(StoredKey.encode(hashKey, sortKey)),
                PartitionHash.of(hashKey, sortKey),
                true,
                Responses.GET));
    }

    CompletableFuture<Void> set(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        try {
            check.hashKeyLength(hashKey);
            check.notNull(value, "value");
            check.ttl(ttlSeconds);
            check.writeRecord(hashKey, sortKey, value);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        int expire = Requests.expireTs(rt.nowMillis(), ttlSeconds);
        return run(ReplicaRequest.byHash(
                OperationType.SET,
                RpcNames.PUT,
                Args.struct(Requests.put(hashKey, sortKey, value, expire)),
                PartitionHash.of(hashKey, sortKey),
                true,
                Responses.update("set")));
    }

    CompletableFuture<Void> del(byte[] hashKey, byte[] sortKey) {
        try {
            check.hashKeyLength(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.DEL,
                RpcNames.REMOVE,
                Args.blob(StoredKey.encode(hashKey, sortKey)),
                PartitionHash.of(hashKey, sortKey),
                true,
                Responses.update("del")));
    }

    CompletableFuture<Integer> ttl(byte[] hashKey, byte[] sortKey) {
        try {
            check.hashKeyLength(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.TTL,
                RpcNames.TTL,
                Args.blob(StoredKey.encode(hashKey, sortKey)),
                PartitionHash.of(hashKey, sortKey),
                true,
                Responses.TTL));
    }

    /** exist = ttl != -2 (spec 7.7). */
    CompletableFuture<Boolean> exist(byte[] hashKey, byte[] sortKey) {
        try {
            check.hashKeyLength(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.EXIST,
                RpcNames.TTL,
                Args.blob(StoredKey.encode(hashKey, sortKey)),
                PartitionHash.of(hashKey, sortKey),
                true,
                Responses.EXIST));
    }

    /** Not idempotent: never resent once its outcome is unknown. */
    CompletableFuture<Long> incr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        try {
            check.hashKeyLength(hashKey);
            check.incrTtl(ttlSeconds);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        int expire = Requests.incrExpireTs(rt.nowMillis(), ttlSeconds);
        return run(ReplicaRequest.byHash(
                OperationType.INCR,
                RpcNames.INCR,
                Args.struct(Requests.incr(hashKey, sortKey, increment, expire)),
                PartitionHash.of(hashKey, sortKey),
                false,
                Responses.INCR));
    }

    CompletableFuture<Long> sortKeyCount(byte[] hashKey) {
        try {
            check.nonEmptyHashKey(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.SORT_KEY_COUNT,
                RpcNames.SORTKEY_COUNT,
                Args.blob(hashKey),
                PartitionHash.crc64(hashKey),
                true,
                Responses.SORT_KEY_COUNT));
    }
}
