package io.pegasus.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The operations on one table, each in a synchronous form (blocks, throws {@link PegasusException}) and an
 * asynchronous one ({@code ...Async}, returns a {@link CompletableFuture} that fails with a PegasusException).
 * Thread-safe; obtain it with {@link PegasusClient#openTable}. Keys and values are byte arrays and are not copied:
 * do not change them until the operation completes. A null sort key means the empty sort key.
 *
 * <p><b>Timeouts.</b> Every operation has the client's operation timeout (default 1000 ms) unless it is called on a
 * view with another one: {@code table.withTimeout(200).get(...)}. Retries (routing changes, a primary moving, a
 * replica not ready) happen inside that timeout. Non-idempotent operations (incr, checkAndSet, checkAndMutate,
 * compareExchange) are never resent once they may have reached a server: if their answer is lost they fail with
 * {@link PegasusOutcomeUnknownException}.
 *
 * <p><b>Threading.</b> Futures of the asynchronous API complete on the client's callback executor (never on its
 * network threads), so callbacks may take their time without stalling other requests; blocking in a callback still
 * holds a callback thread.
 *
 * <p><b>Validation.</b> Bad arguments fail at once, before anything is sent, with
 * {@link PegasusInvalidArgumentException} (thrown by the synchronous forms, a failed future from the asynchronous
 * ones): hash keys of 65535 bytes or more; null or empty hash keys for the multi-record operations; negative TTLs;
 * empty lists; and, unless disabled, the official client's write limits (see {@link ClientOptions#enableWriteLimit}).
 */
public final class PegasusTable {
    private final TableHandle handle;
    private final int timeoutMs;
    private final Executor callbacks;
    private final WaitingCaller waiting;
    private final SingleKeyOps single;
    private final MultiKeyOps multi;
    private final BatchOps batch;
    private final RangeOps range;

    PegasusTable(TableHandle handle, int timeoutMs) {
        this.handle = handle;
        this.timeoutMs = timeoutMs;
        this.callbacks = handle.runtime().callbacks;
        this.waiting = handle.runtime().waiting;
        Validation check =
                new Validation(handle.name(), handle.runtime().options.enableWriteLimit());
        this.single = new SingleKeyOps(handle, timeoutMs, check);
        this.multi = new MultiKeyOps(handle, timeoutMs, check);
        this.batch = new BatchOps(handle, timeoutMs, check, single, multi);
        this.range = new RangeOps(handle, timeoutMs, check, multi);
    }

    public String name() {
        return handle.name();
    }

    /** The table id assigned by the MetaServer. */
    public int tableId() {
        return handle.routing().appId();
    }

    public int partitionCount() {
        return handle.routing().partitionCount();
    }

    /** The operation timeout of this view, in milliseconds. */
    public int timeoutMs() {
        return timeoutMs;
    }

    /** A view of the same table whose operations use another timeout. Cheap; shares all state. */
    public PegasusTable withTimeout(int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutMs);
        }
        return timeoutMs == this.timeoutMs ? this : new PegasusTable(handle, timeoutMs);
    }

    public PegasusTable withTimeout(Duration timeout) {
        return withTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private <T> CompletableFuture<T> async(CompletableFuture<T> internal) {
        return Futures.onExecutor(internal, callbacks);
    }

    // ---- single record ----

    /** The value, an empty array for an empty value, or null when the record does not exist (or has expired). */
    public byte[] get(byte[] hashKey, byte[] sortKey) throws PegasusException {
        return waiting.startAndAwait(() -> single.get(hashKey, sortKey));
    }

    public CompletableFuture<byte[]> getAsync(byte[] hashKey, byte[] sortKey) {
        return async(single.get(hashKey, sortKey));
    }

    public void set(byte[] hashKey, byte[] sortKey, byte[] value) throws PegasusException {
        waiting.startAndAwait(() -> single.set(hashKey, sortKey, value, 0));
    }

    /** Writes a record that expires after {@code ttlSeconds} (0 = never). */
    public void set(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) throws PegasusException {
        waiting.startAndAwait(() -> single.set(hashKey, sortKey, value, ttlSeconds));
    }

    public CompletableFuture<Void> setAsync(byte[] hashKey, byte[] sortKey, byte[] value) {
        return async(single.set(hashKey, sortKey, value, 0));
    }

    public CompletableFuture<Void> setAsync(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        return async(single.set(hashKey, sortKey, value, ttlSeconds));
    }

    /** Deletes a record (succeeds whether or not it existed). */
    public void del(byte[] hashKey, byte[] sortKey) throws PegasusException {
        waiting.startAndAwait(() -> single.del(hashKey, sortKey));
    }

    public CompletableFuture<Void> delAsync(byte[] hashKey, byte[] sortKey) {
        return async(single.del(hashKey, sortKey));
    }

    /** Whether the record exists (an empty value exists). */
    public boolean exist(byte[] hashKey, byte[] sortKey) throws PegasusException {
        return waiting.startAndAwait(() -> single.exist(hashKey, sortKey));
    }

    public CompletableFuture<Boolean> existAsync(byte[] hashKey, byte[] sortKey) {
        return async(single.exist(hashKey, sortKey));
    }

    /** Seconds until the record expires; -1 when it never expires; -2 when it does not exist. */
    public int ttl(byte[] hashKey, byte[] sortKey) throws PegasusException {
        return waiting.startAndAwait(() -> single.ttl(hashKey, sortKey));
    }

    public CompletableFuture<Integer> ttlAsync(byte[] hashKey, byte[] sortKey) {
        return async(single.ttl(hashKey, sortKey));
    }

    /**
     * Adds {@code increment} to the record's integer value (an absent or empty record counts as 0) and returns the
     * new value. The record keeps its TTL. Not idempotent.
     */
    public long incr(byte[] hashKey, byte[] sortKey, long increment) throws PegasusException {
        return waiting.startAndAwait(() -> single.incr(hashKey, sortKey, increment, 0));
    }

    /**
     * Like {@link #incr(byte[], byte[], long)}; {@code ttlSeconds} 0 keeps the record's TTL, -1 removes it, a
     * positive value sets it.
     */
    public long incr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) throws PegasusException {
        return waiting.startAndAwait(() -> single.incr(hashKey, sortKey, increment, ttlSeconds));
    }

    public CompletableFuture<Long> incrAsync(byte[] hashKey, byte[] sortKey, long increment) {
        return async(single.incr(hashKey, sortKey, increment, 0));
    }

    public CompletableFuture<Long> incrAsync(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        return async(single.incr(hashKey, sortKey, increment, ttlSeconds));
    }

    // ---- several records of one hash key ----

    /** Records of one hash key: exactly these sort keys, or every record for an empty or null list. */
    public MultiGetResult multiGet(byte[] hashKey, List<byte[]> sortKeys) throws PegasusException {
        return waiting.startAndAwait(() -> multi.multiGet(hashKey, sortKeys, -1, -1, false));
    }

    /**
     * Like {@link #multiGet(byte[], List)} with limits (0 or negative = none) and the option to return sort keys
     * only.
     */
    public MultiGetResult multiGet(
            byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount, int maxFetchSize, boolean noValue)
            throws PegasusException {
        return waiting.startAndAwait(() -> multi.multiGet(hashKey, sortKeys, maxFetchCount, maxFetchSize, noValue));
    }

    /**
     * The records of one hash key whose sort keys lie between {@code startSortKey} and {@code stopSortKey} (an
     * empty or null stop means "to the end"), with filters, limits and direction from {@code options}.
     */
    public MultiGetResult multiGet(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, MultiGetOptions options)
            throws PegasusException {
        return waiting.startAndAwait(() -> multi.multiGetRange(hashKey, startSortKey, stopSortKey, options));
    }

    public CompletableFuture<MultiGetResult> multiGetAsync(byte[] hashKey, List<byte[]> sortKeys) {
        return async(multi.multiGet(hashKey, sortKeys, -1, -1, false));
    }

    public CompletableFuture<MultiGetResult> multiGetAsync(
            byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount, int maxFetchSize, boolean noValue) {
        return async(multi.multiGet(hashKey, sortKeys, maxFetchCount, maxFetchSize, noValue));
    }

    public CompletableFuture<MultiGetResult> multiGetAsync(
            byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, MultiGetOptions options) {
        return async(multi.multiGetRange(hashKey, startSortKey, stopSortKey, options));
    }

    /** Every sort key of a hash key (read with a scanner, so there is no record limit). */
    public MultiGetSortKeysResult multiGetSortKeys(byte[] hashKey) throws PegasusException {
        return Futures.await(range.allSortKeys(hashKey));
    }

    /** Sort keys of a hash key with limits (one multi_get; the server caps a read at 3000 records). */
    public MultiGetSortKeysResult multiGetSortKeys(byte[] hashKey, int maxFetchCount, int maxFetchSize)
            throws PegasusException {
        return waiting.startAndAwait(() -> multi.multiGetSortKeys(hashKey, maxFetchCount, maxFetchSize));
    }

    public CompletableFuture<MultiGetSortKeysResult> multiGetSortKeysAsync(byte[] hashKey) {
        return async(range.allSortKeys(hashKey));
    }

    public CompletableFuture<MultiGetSortKeysResult> multiGetSortKeysAsync(
            byte[] hashKey, int maxFetchCount, int maxFetchSize) {
        return async(multi.multiGetSortKeys(hashKey, maxFetchCount, maxFetchSize));
    }

    /** Writes several records of one hash key atomically. */
    public void multiSet(byte[] hashKey, List<SortKeyValue> values) throws PegasusException {
        waiting.startAndAwait(() -> multi.multiSet(hashKey, values, 0));
    }

    public void multiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) throws PegasusException {
        waiting.startAndAwait(() -> multi.multiSet(hashKey, values, ttlSeconds));
    }

    public CompletableFuture<Void> multiSetAsync(byte[] hashKey, List<SortKeyValue> values) {
        return async(multi.multiSet(hashKey, values, 0));
    }

    public CompletableFuture<Void> multiSetAsync(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        return async(multi.multiSet(hashKey, values, ttlSeconds));
    }

    /** Deletes several records of one hash key atomically. */
    public void multiDel(byte[] hashKey, List<byte[]> sortKeys) throws PegasusException {
        waiting.startAndAwait(() -> multi.multiDel(hashKey, sortKeys));
    }

    public CompletableFuture<Void> multiDelAsync(byte[] hashKey, List<byte[]> sortKeys) {
        return async(multi.multiDel(hashKey, sortKeys));
    }

    /**
     * Deletes the records of one hash key in a sort-key range (filters and bounds from {@code options}): a scan of
     * the range and deletes of 100 sort keys at a time, so it is not atomic; on failure part of the range may be
     * deleted.
     */
    public void delRange(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, DelRangeOptions options)
            throws PegasusException {
        Futures.await(range.delRange(hashKey, startSortKey, stopSortKey, options));
    }

    public CompletableFuture<Void> delRangeAsync(
            byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, DelRangeOptions options) {
        return async(range.delRange(hashKey, startSortKey, stopSortKey, options));
    }

    /**
     * Atomically: check the record {@code checkSortKey} with {@code checkType} against {@code checkOperand}, and if
     * the check passes write {@code setValue} under {@code setSortKey} (which may differ from the checked one). A check
     * that does not pass is a normal outcome ({@link CheckAndSetResult#setSucceed()} false). Not idempotent.
     */
    public CheckAndSetResult checkAndSet(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            byte[] setSortKey,
            byte[] setValue,
            CheckAndSetOptions options)
            throws PegasusException {
        return waiting.startAndAwait(
                () -> multi.checkAndSet(hashKey, checkSortKey, checkType, checkOperand, setSortKey, setValue, options));
    }

    public CompletableFuture<CheckAndSetResult> checkAndSetAsync(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            byte[] setSortKey,
            byte[] setValue,
            CheckAndSetOptions options) {
        return async(multi.checkAndSet(hashKey, checkSortKey, checkType, checkOperand, setSortKey, setValue, options));
    }

    /** Like checkAndSet, applying a list of puts and deletes under the hash key when the check passes. */
    public CheckAndMutateResult checkAndMutate(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            Mutations mutations,
            CheckAndMutateOptions options)
            throws PegasusException {
        return waiting.startAndAwait(
                () -> multi.checkAndMutate(hashKey, checkSortKey, checkType, checkOperand, mutations, options));
    }

    public CompletableFuture<CheckAndMutateResult> checkAndMutateAsync(
            byte[] hashKey,
            byte[] checkSortKey,
            CheckType checkType,
            byte[] checkOperand,
            Mutations mutations,
            CheckAndMutateOptions options) {
        return async(multi.checkAndMutate(hashKey, checkSortKey, checkType, checkOperand, mutations, options));
    }

    /**
     * Writes {@code desired} if the record's current value equals {@code expected}; otherwise returns the current
     * value (null when the record does not exist). Not idempotent.
     */
    public CompareExchangeResult compareExchange(
            byte[] hashKey, byte[] sortKey, byte[] expected, byte[] desired, int ttlSeconds) throws PegasusException {
        return waiting.startAndAwait(() -> multi.compareExchange(hashKey, sortKey, expected, desired, ttlSeconds));
    }

    public CompletableFuture<CompareExchangeResult> compareExchangeAsync(
            byte[] hashKey, byte[] sortKey, byte[] expected, byte[] desired, int ttlSeconds) {
        return async(multi.compareExchange(hashKey, sortKey, expected, desired, ttlSeconds));
    }

    /** Number of live records under a hash key; -1 if the server's time budget ran out while counting. */
    public long sortKeyCount(byte[] hashKey) throws PegasusException {
        return waiting.startAndAwait(() -> single.sortKeyCount(hashKey));
    }

    public CompletableFuture<Long> sortKeyCountAsync(byte[] hashKey) {
        return async(single.sortKeyCount(hashKey));
    }

    // ---- batches: one outcome per item, in item order ----

    /** One get per key, in parallel; each outcome's value is null for a missing record. */
    public List<BatchOutcome<byte[]>> batchGet(List<FullKey> keys) throws PegasusException {
        return Futures.await(batch.batchGet(keys));
    }

    public CompletableFuture<List<BatchOutcome<byte[]>>> batchGetAsync(List<FullKey> keys) {
        return async(batch.batchGet(keys));
    }

    /** Like batchGet, with one batch_get RPC per partition instead of one get per key. */
    public List<BatchOutcome<byte[]>> batchGetByPartitions(List<FullKey> keys) throws PegasusException {
        return Futures.await(batch.batchGetByPartitions(keys));
    }

    public CompletableFuture<List<BatchOutcome<byte[]>>> batchGetByPartitionsAsync(List<FullKey> keys) {
        return async(batch.batchGetByPartitions(keys));
    }

    public List<BatchOutcome<Void>> batchSet(List<SetItem> items) throws PegasusException {
        return Futures.await(batch.batchSet(items));
    }

    public CompletableFuture<List<BatchOutcome<Void>>> batchSetAsync(List<SetItem> items) {
        return async(batch.batchSet(items));
    }

    public List<BatchOutcome<Void>> batchDel(List<FullKey> keys) throws PegasusException {
        return Futures.await(batch.batchDel(keys));
    }

    public CompletableFuture<List<BatchOutcome<Void>>> batchDelAsync(List<FullKey> keys) {
        return async(batch.batchDel(keys));
    }

    /** One multiGet per item (an empty sort key list reads the whole hash key). */
    public List<BatchOutcome<MultiGetResult>> batchMultiGet(List<HashKeySortKeys> keys) throws PegasusException {
        return Futures.await(batch.batchMultiGet(keys));
    }

    public CompletableFuture<List<BatchOutcome<MultiGetResult>>> batchMultiGetAsync(List<HashKeySortKeys> keys) {
        return async(batch.batchMultiGet(keys));
    }

    public List<BatchOutcome<Void>> batchMultiSet(List<HashKeyData> items, int ttlSeconds) throws PegasusException {
        return Futures.await(batch.batchMultiSet(items, ttlSeconds));
    }

    public CompletableFuture<List<BatchOutcome<Void>>> batchMultiSetAsync(List<HashKeyData> items, int ttlSeconds) {
        return async(batch.batchMultiSet(items, ttlSeconds));
    }

    public List<BatchOutcome<Void>> batchMultiDel(List<HashKeySortKeys> keys) throws PegasusException {
        return Futures.await(batch.batchMultiDel(keys));
    }

    public CompletableFuture<List<BatchOutcome<Void>>> batchMultiDelAsync(List<HashKeySortKeys> keys) {
        return async(batch.batchMultiDel(keys));
    }

    // ---- scanners ----

    /**
     * A scanner over the records of one hash key between two sort keys (null or empty stop = to the end), in
     * ascending sort-key order. Nothing is sent until the first {@code next}.
     */
    public PegasusScanner getScanner(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions options)
            throws PegasusInvalidArgumentException {
        return range.scanner(hashKey, startSortKey, stopSortKey, options);
    }

    /**
     * Scanners over the whole table, splitting its partitions among at most {@code maxSplitCount} scanners (use them
     * from different threads to scan in parallel). Together they return every record exactly once, in no particular
     * order; the inclusive flags of {@code options} do not apply.
     */
    public List<PegasusScanner> getUnorderedScanners(int maxSplitCount, ScanOptions options)
            throws PegasusInvalidArgumentException {
        return range.unorderedScanners(maxSplitCount, options);
    }
}
