package io.pegasus.client;

import io.pegasus.data.PartitionHash;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.Args;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Operations on several records of one hash key (spec 4.2, 4.4, 4.6, 4.7, 4.9): routed by the hash of the hash key,
 * which must not be empty. checkAndSet, checkAndMutate and compareExchange are not idempotent.
 */
final class MultiKeyOps {
    private final TableHandle table;
    private final ClientRuntime rt;
    private final int timeoutMs;
    private final Validation check;

    MultiKeyOps(TableHandle table, int timeoutMs, Validation check) {
        this.table = table;
        this.rt = table.runtime();
        this.timeoutMs = timeoutMs;
        this.check = check;
    }

    private <T> CompletableFuture<T> run(ReplicaRequest<T> req) {
        return ReplicaCall.start(table, req, timeoutMs);
    }

    /** Point mode: exactly these sort keys; an empty or null list reads every record of the hash key. */
    CompletableFuture<MultiGetResult> multiGet(
            byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount, int maxFetchSize, boolean noValue) {
        try {
            check.nonEmptyHashKey(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.MULTI_GET,
                RpcNames.MULTI_GET,
                Args.struct(Requests.multiGetPoint(
                        hashKey, sortKeys == null ? List.of() : sortKeys, maxFetchCount, maxFetchSize, noValue)),
                PartitionHash.crc64(hashKey),
                true,
                Responses.MULTI_GET));
    }

    /** Range mode over [start, stop] of one hash key (null or empty stop = to the end). */
    CompletableFuture<MultiGetResult> multiGetRange(
            byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, MultiGetOptions options) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.notNull(options, "options");
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.MULTI_GET,
                RpcNames.MULTI_GET,
                Args.struct(Requests.multiGetRange(hashKey, startSortKey, stopSortKey, options)),
                PartitionHash.crc64(hashKey),
                true,
                Responses.MULTI_GET));
    }

    /** Sort keys only, with limits: a point-mode multi_get with no keys and no_value (spec 4.9). */
    CompletableFuture<MultiGetSortKeysResult> multiGetSortKeys(byte[] hashKey, int maxFetchCount, int maxFetchSize) {
        try {
            check.nonEmptyHashKey(hashKey);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.MULTI_GET_SORT_KEYS,
                RpcNames.MULTI_GET,
                Args.struct(Requests.multiGetPoint(hashKey, List.of(), maxFetchCount, maxFetchSize, true)),
                PartitionHash.crc64(hashKey),
                true,
                Responses.MULTI_GET_SORT_KEYS));
    }

    CompletableFuture<Void> multiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.nonEmpty(values, "multiSet values");
            check.ttl(ttlSeconds);
            check.multiSet(hashKey, values);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        int expire = Requests.expireTs(rt.nowMillis(), ttlSeconds);
        return run(ReplicaRequest.byHash(
                OperationType.MULTI_SET,
                RpcNames.MULTI_PUT,
                Args.struct(Requests.multiPut(hashKey, values, expire)),
                PartitionHash.crc64(hashKey),
                true,
                Responses.update("multiSet")));
    }

    CompletableFuture<Void> multiDel(byte[] hashKey, List<byte[]> sortKeys) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.nonEmpty(sortKeys, "multiDel sort keys");
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.MULTI_DEL,
                RpcNames.MULTI_REMOVE,
                Args.struct(Requests.multiRemove(hashKey, sortKeys)),
                PartitionHash.crc64(hashKey),
                true,
                Responses.multiRemove(sortKeys.size())));
    }

    CompletableFuture<CheckAndSetResult> checkAndSet(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            byte[] setSortKey,
            byte[] setValue,
            CheckAndSetOptions options) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.notNull(checkType, "check type");
            check.notNull(options, "options");
            check.ttl(options.setValueTtlSeconds());
            check.writeRecord(hashKey, setSortKey, setValue);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        int expire = Requests.expireTs(rt.nowMillis(), options.setValueTtlSeconds());
        return run(ReplicaRequest.byHash(
                OperationType.CHECK_AND_SET,
                RpcNames.CHECK_AND_SET,
                Args.struct(Requests.checkAndSet(
                        hashKey,
                        checkSortKey,
                        checkType,
                        checkOperand,
                        setSortKey,
                        setValue,
                        expire,
                        options.returnCheckValue())),
                PartitionHash.crc64(hashKey),
                false,
                Responses.CHECK_AND_SET));
    }

    CompletableFuture<CheckAndMutateResult> checkAndMutate(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            Mutations mutations,
            CheckAndMutateOptions options) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.notNull(checkType, "check type");
            check.notNull(options, "options");
            check.notNull(mutations, "mutations");
            check.nonEmpty(mutations.list(), "mutations");
            for (Mutations.Mutation m : mutations.list()) {
                check.ttl(m.ttlSeconds());
            }
            check.mutations(hashKey, mutations);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run(ReplicaRequest.byHash(
                OperationType.CHECK_AND_MUTATE,
                RpcNames.CHECK_AND_MUTATE,
                Args.struct(Requests.checkAndMutate(
                        hashKey,
                        checkSortKey,
                        checkType,
                        checkOperand,
                        mutations,
                        rt.nowMillis(),
                        options.returnCheckValue())),
                PartitionHash.crc64(hashKey),
                false,
                Responses.CHECK_AND_MUTATE));
    }

    /**
     * Writes {@code desired} if the current value equals {@code expected} (byte for byte; an absent record never
     * equals): check_and_set with BYTES_EQUAL on the same sort key, returning the check value (spec 4.6).
     */
    CompletableFuture<CompareExchangeResult> compareExchange(
            byte[] hashKey, byte[] sortKey, byte[] expected, byte[] desired, int ttlSeconds) {
        try {
            check.nonEmptyHashKey(hashKey);
            check.notNull(desired, "desired value");
            check.ttl(ttlSeconds);
            check.writeRecord(hashKey, sortKey, desired);
        } catch (PegasusException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] sk = sortKey == null ? new byte[0] : sortKey;
        int expire = Requests.expireTs(rt.nowMillis(), ttlSeconds);
        return run(ReplicaRequest.byHash(
                OperationType.COMPARE_EXCHANGE,
                RpcNames.CHECK_AND_SET,
                Args.struct(Requests.checkAndSet(
                        hashKey, sk, CheckType.VALUE_BYTES_EQUAL, expected, sk, desired, expire, true)),
                PartitionHash.crc64(hashKey),
                false,
                Responses.COMPARE_EXCHANGE));
    }
}
