package io.pegasus.client;

import java.util.concurrent.CompletableFuture;

/**
 * Iterates over records batch by batch: a hash scanner over one hash key's sort-key range in ascending order, or an
 * unordered scanner over whole partitions. The next batch is fetched only when the current one is used up (spec
 * 7.5). Not thread-safe: one call at a time (wait for a {@link #nextAsync()} future before the next call).
 *
 * <p>Close a scanner you abandon early: the server keeps its context otherwise (it expires after 5 minutes).
 */
public interface PegasusScanner extends AutoCloseable {
    /** The next record, or null when the scan is finished. */
    ScanRecord next() throws PegasusException;

    /**
     * The next record, or null when finished. When a record is already buffered the future is already complete;
     * otherwise it completes on the client's callback executor.
     */
    CompletableFuture<ScanRecord> nextAsync();

    /** Ends the scan and tells the server to drop its context (without waiting). */
    @Override
    void close();
}
