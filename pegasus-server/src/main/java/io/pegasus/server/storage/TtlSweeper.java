package io.pegasus.server.storage;

import io.pegasus.data.Bytes;
import io.pegasus.data.PegasusTime;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Gives the disk space of expired records back. rocksdbjni cannot run a compaction filter written in Java, so expired
 * records are found by a background walk and deleted explicitly; compaction then drops both the records and their
 * tombstones (docs/storage.md, "TTL reclamation").
 *
 * <p>Each {@link #step} examines a bounded number of records from a cursor (so a big partition is swept in many
 * small steps), deletes the expired ones, and, when a large share of the step was garbage, compacts the step's key
 * range at once. Smaller amounts of tombstones are left to RocksDB: the CompactOnDeletionCollector marks SST files
 * dense with deletions for compaction.
 *
 * <p>A partition without records that expire is not walked at all: once a whole pass saw no record with an expiry and
 * no decree wrote one meanwhile ({@link StoreContext#expiringWrites}), steps do nothing until a decree writes one. The
 * walk reads every value, and on a partition written without TTLs it was 4 % of a loaded node's CPU for nothing
 * (docs/storage.md, "TTL reclamation").
 *
 * <p>Safety. The deletes are local (not replicated) and must not change what any replica would answer or decide:
 *
 * <ul>
 *   <li>Reads: a record is deleted only if it is expired by the local clock, i.e. already invisible to local reads.
 *   <li>Writes: decrees decide expiry with their own timestamp, and decree timestamps never go backwards
 *       ({@link WriteApplier}), so a record expired at the last applied decree's timestamp stays expired for every
 *       later decree on every replica. A partition without recent writes would never qualify, so a record also
 *       qualifies once it expired more than {@code skewMarginSeconds} before the local clock: primaries stamp decrees
 *       with their clock, assumed within that margin of ours.
 *   <li>Races: candidates are re-read and deleted under the apply lock, so a record rewritten after the walk saw it
 *       is never deleted.
 * </ul>
 */
final class TtlSweeper {
    private final StoreContext ctx;
    private final WriteApplier applier;
    private final int batch;
    private final long skewMarginSeconds;
    private final int compactMinDeletes;
    private final double compactRatio;

    /** Where the next step starts; guarded by {@code this}. */
    private byte[] cursor = Bytes.EMPTY;

    /** {@link StoreContext#expiringWrites} when the current pass started, and whether the pass saw an expiry. */
    private long passStartWrites;

    private boolean passSawExpiry;

    /** The count of expiring writes at which a pass found none: steps are skipped while it stays the same, or -1. */
    private long idleAtWrites = -1;

    TtlSweeper(StoreContext ctx, WriteApplier applier, StorageConfig config) {
        this.ctx = ctx;
        this.applier = applier;
        this.batch = config.sweepBatch;
        this.skewMarginSeconds = config.sweepSkewMarginSeconds;
        this.compactMinDeletes = config.sweepCompactMinDeletes;
        this.compactRatio = config.sweepCompactRatio;
    }

    /** Records with an expiry at or before this (Pegasus epoch seconds) may be deleted now. */
    int sweepHorizon() {
        long local = ctx.nowSeconds();
        long decreeSeconds = applier.applied().timestampMicros() / 1_000_000 - PegasusTime.EPOCH_UNIX_SECONDS;
        return (int) Math.min(local, Math.max(decreeSeconds, local - skewMarginSeconds));
    }

    synchronized SweepResult step() throws RocksDBException {
        long writes = ctx.expiringWrites();
        if (idleAtWrites >= 0 && writes == idleAtWrites) {
            return new SweepResult(0, 0, true, false);
        }
        idleAtWrites = -1; // an idle partition's cursor is at the start: its last pass ended there
        if (cursor.length == 0) {
            passStartWrites = writes;
            passSawExpiry = false;
        }
        int horizon = sweepHorizon();
        List<byte[]> candidates = new ArrayList<>();
        int examined = 0;
        byte[] next;
        try (RangeIterator it = ctx.openRange(new KeyBounds(cursor, MetaKeys.RESERVED_START), false, false)) {
            for (it.seekToStart(); it.isValid() && examined < batch; it.advance()) {
                examined++;
                int length = it.loadValue();
                int expireTs = ctx.codec.expireTs(it.loadedValue(), length);
                passSawExpiry |= expireTs != 0;
                if (PegasusTime.isExpired(expireTs, horizon)) {
                    candidates.add(it.key());
                }
            }
            it.checkStatus();
            next = it.isValid() ? it.key() : null;
        }
        int deleted = candidates.isEmpty() ? 0 : deleteIfStillExpired(candidates, horizon);
        cursor = next == null ? Bytes.EMPTY : next;
        if (next == null && !passSawExpiry && ctx.expiringWrites() == passStartWrites) {
            idleAtWrites = passStartWrites; // nothing here expires, and nothing written since the pass began does
        }
        boolean compacted = false;
        if (deleted > 0 && deleted >= compactMinDeletes && deleted >= compactRatio * examined) {
            compact(candidates.get(0), KeyBounds.immediateSuccessor(candidates.get(candidates.size() - 1)));
            compacted = true;
        }
        return new SweepResult(examined, deleted, next == null, compacted);
    }

    /** Steps until the end of the partition is reached; returns the totals. */
    SweepResult pass() throws RocksDBException {
        int examined = 0;
        int deleted = 0;
        boolean compacted = false;
        SweepResult r;
        do {
            r = step();
            examined += r.examined();
            deleted += r.deleted();
            compacted |= r.compacted();
        } while (!r.passComplete());
        return new SweepResult(examined, deleted, true, compacted);
    }

    private int deleteIfStillExpired(List<byte[]> candidates, int horizon) throws RocksDBException {
        try {
            return applier.exclusive(() -> {
                try (WriteBatch wb = new WriteBatch()) {
                    for (byte[] key : candidates) {
                        if (expiredAt(ctx.db.get(ctx.pointRead, key), horizon)) {
                            wb.delete(key);
                        }
                    }
                    if (wb.count() > 0) {
                        ctx.db.write(applier.writeOptions(), wb);
                    }
                    return wb.count();
                }
            });
        } catch (RocksDBException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean expiredAt(byte[] stored, int horizon) {
        return stored != null && PegasusTime.isExpired(ctx.codec.expireTs(stored), horizon);
    }

    private void compact(byte[] from, byte[] to) throws RocksDBException {
        try (CompactRangeOptions o = new CompactRangeOptions()
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
            ctx.db.compactRange(ctx.db.getDefaultColumnFamily(), from, to, o);
        }
    }
}
