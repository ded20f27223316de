package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired records are invisible at once and their disk space comes back without an operator (TtlSweeper). */
class TtlReclamationTest {
    static final int RECORDS = 4000;
    static final int VALUE_BYTES = 1024;

    @TempDir
    Path tmp;

    /**
     * Bytes in the store's SST files. Background compactions delete files while this counts, so a file listed but gone
     * before its size is read counts as 0: it is no longer on disk.
     */
    static long sstBytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".sst"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (NoSuchFileException e) {
                            return 0;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ~4 MB of incompressible values expiring in 10 s, plus 100 records that never expire. */
    static void writeData(TestStore t) {
        Random random = new Random(42);
        int expire = t.now() + 10;
        for (int i = 0; i < RECORDS; i += 100) {
            WriteRequest[] batch = new WriteRequest[100];
            for (int j = 0; j < 100; j++) {
                byte[] v = new byte[VALUE_BYTES];
                random.nextBytes(v);
                batch[j] = WriteRequest.put(Req.put(key("t" + (i + j), "s"), v, expire));
            }
            t.applyAll(batch);
        }
        for (int i = 0; i < 100; i++) {
            t.put("keep" + i, "s", "forever");
        }
        t.store.flush();
    }

    @Test
    void sweeperGivesTheSpaceOfExpiredRecordsBack() {
        try (TestStore t = new TestStore(tmp, c -> c.sweepBatch(1000).sweepCompactMinDeletes(100))) {
            writeData(t);
            long before = sstBytes(t.dir);
            assertThat(before).isGreaterThan(RECORDS * (long) VALUE_BYTES * 9 / 10);

            t.advanceSeconds(10);
            assertThat(t.store.sortkeyCount(b("t0")).getCount()).isZero(); // invisible at once
            assertThat(t.scanAll(Req.fullScan(1000))).hasSize(100);
            t.applyAll(); // a decree stamped after the expiry: every replica now agrees the records are dead

            SweepResult r = t.store.sweepAllExpired();
            assertThat(r.deleted()).isEqualTo(RECORDS);
            assertThat(r.examined()).isEqualTo(RECORDS + 100);
            assertThat(r.compacted()).isTrue();
            long after = sstBytes(t.dir);
            assertThat(after).isLessThan(before / 20);
            for (int i = 0; i < 100; i++) {
                assertThat(t.getString("keep" + i, "s")).isEqualTo("forever");
            }
            // nothing left to do on the next pass
            assertThat(t.store.sweepAllExpired().deleted()).isZero();
        }
    }

    @Test
    void compactOnDeletionCollectorReclaimsWithoutAManualCompaction() throws InterruptedException {
        try (TestStore t = new TestStore(tmp, c -> c.sweepCompactMinDeletes(Integer.MAX_VALUE))) {
            writeData(t);
            long before = sstBytes(t.dir);
            t.advanceSeconds(10);
            t.applyAll();
            SweepResult r = t.store.sweepAllExpired();
            assertThat(r.deleted()).isEqualTo(RECORDS);
            assertThat(r.compacted()).isFalse();
            t.store.flush(); // the tombstones reach an SST file, which the collector marks for compaction
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sstBytes(t.dir) > before / 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sstBytes(t.dir)).isLessThan(before / 20);
        }
    }

    @Test
    void withoutNewerDecreesTheSweeperWaitsForTheClockSkewMargin() {
        try (TestStore t = new TestStore(tmp, c -> c.sweepSkewMarginSeconds(600))) {
            t.put(key("h", "a"), b("v"), t.now() + 5);
            t.advanceSeconds(5);
            assertThat(t.get(key("h", "a"))).isNull(); // invisible
            // the last decree was stamped before the expiry: a primary with a slow clock could still see it alive
            assertThat(t.store.sweepAllExpired().deleted()).isZero();
            t.advanceSeconds(599);
            assertThat(t.store.sweepAllExpired().deleted()).isZero();
            t.advanceSeconds(1);
            assertThat(t.store.sweepAllExpired().deleted()).isEqualTo(1);
        }
    }

    @Test
    void sweeperNeverDeletesWhatLocalReadsStillSee() {
        try (TestStore t = new TestStore(tmp)) {
            t.put(key("h", "a"), b("v"), t.now() + 5);
            // a decree stamped 100 s ahead of the local clock (a primary whose clock runs fast)
            t.store.apply(++t.decree, (TestStore.START_MILLIS + 100_000) * 1000, List.of());
            assertThat(t.store.sweepAllExpired().deleted()).isZero();
            assertThat(t.getString("h", "a")).isEqualTo("v");
        }
    }

    @Test
    void recordsRewrittenDuringASweepSurvive() throws InterruptedException {
        try (TestStore t = new TestStore(tmp, c -> c.sweepBatch(50))) {
            int n = 2000;
            for (int i = 0; i < n; i += 100) {
                WriteRequest[] batch = new WriteRequest[100];
                for (int j = 0; j < 100; j++) {
                    batch[j] = WriteRequest.put(Req.put(key("r" + (i + j), ""), b("old"), t.now() + 1));
                }
                t.applyAll(batch);
            }
            t.advanceSeconds(2);
            t.applyAll();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        t.put(key("r" + i, ""), b("new"), 0);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            long deleted = 0;
            while (writer.isAlive()) {
                deleted += t.store.sweepExpired().deleted();
            }
            writer.join();
            assertThat(failure.get()).isNull();
            deleted += t.store.sweepAllExpired().deleted();
            assertThat(deleted).isLessThanOrEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(t.getString("r" + i, "")).as("r" + i).isEqualTo("new");
            }
        }
    }
    /** Records k0..k99 (hash key "k" + i), none with an expiry. */
    private static void putHundredWithoutExpiry(TestStore t) {
        for (int i = 0; i < 100; i++) {
            t.put("k" + i, "s", "forever");
        }
    }

    /** The walk reads every value: a partition where nothing expires is walked once, then not until that changes. */
    @Test
    void aPartitionWithoutExpiringRecordsIsNotWalkedUntilADecreeWritesOne() {
        try (TestStore t = new TestStore(tmp, c -> c.sweepBatch(30))) {
            putHundredWithoutExpiry(t);
            assertThat(t.store.sweepAllExpired().examined()).isEqualTo(100);
            assertThat(t.store.sweepExpired().examined()).isZero();
            assertThat(t.store.sweepAllExpired().examined()).isZero();

            t.put("k100", "s", "forever"); // no expiry: still nothing to walk for
            assertThat(t.store.sweepExpired().examined()).isZero();

            t.put(key("h", "a"), b("v"), t.now() + 5);
            t.advanceSeconds(5);
            t.applyAll();
            SweepResult again = t.store.sweepAllExpired();
            assertThat(again.examined()).isEqualTo(102);
            assertThat(again.deleted()).isEqualTo(1);
            // that pass saw a record that expires, so one more pass is needed to know none is left
            assertThat(t.store.sweepAllExpired().examined()).isEqualTo(101);
            assertThat(t.store.sweepExpired().examined()).isZero();
        }
    }

    /** A record with an expiry written behind the cursor of a pass in progress: the pass must not end idle. */
    @Test
    void anExpiringWriteDuringAPassKeepsTheSweeperWalking() {
        try (TestStore t = new TestStore(tmp, c -> c.sweepBatch(30))) {
            putHundredWithoutExpiry(t);
            assertThat(t.store.sweepExpired().examined()).isEqualTo(30);
            // hash key "h" sorts before every "k..." (the length prefix comes first): the cursor has passed it
            t.put(key("h", "a"), b("v"), t.now() + 5);
            SweepResult rest = t.store.sweepAllExpired();
            assertThat(rest.examined()).isEqualTo(70);
            t.advanceSeconds(5);
            t.applyAll();
            SweepResult next = t.store.sweepAllExpired();
            assertThat(next.examined()).isEqualTo(101);
            assertThat(next.deleted()).isEqualTo(1);
            assertThat(t.get(key("h", "a"))).isNull();
        }
    }

    /** A table's default TTL gives records without an expiry one: they count as expiring writes. */
    @Test
    void writesGivenTheTablesDefaultTtlWakeTheSweeper() {
        try (TestStore t = new TestStore(tmp)) {
            t.put("k", "s", "forever");
            assertThat(t.store.sweepAllExpired().examined()).isEqualTo(1);
            assertThat(t.store.sweepExpired().examined()).isZero();
            t.store.setDefaultTtlSeconds(5);
            t.put("h", "a", "v");
            t.advanceSeconds(5);
            t.applyAll();
            assertThat(t.store.sweepAllExpired().deleted()).isEqualTo(1);
        }
    }

    /** Nobody calls the sweeper here: the engine's own maintenance thread removes the expired record and scanner. */
    @Test
    void theEngineMaintainsOpenPartitionsOnItsOwn() throws InterruptedException {
        try (TestStore t = new TestStore(tmp, c -> c.sweepIntervalMillis(20))) {
            t.put(key("h", "dead"), b("v"), t.now() + 5);
            t.put("h", "live", "v");
            long scanner = t.store.getScanner(Req.fullScan(1)).getContext_id();
            assertThat(scanner).isNotNegative();
            t.advanceSeconds(301); // the record expired, the scanner has been idle for 5 min
            t.applyAll(); // a decree stamped after the expiry
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((t.store.openScanners() > 0 || rawGet(t, key("h", "dead")) != null)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(rawGet(t, key("h", "dead"))).isNull();
            assertThat(rawGet(t, key("h", "live"))).isNotNull();
            assertThat(t.store.openScanners()).isZero();
        }
    }

    static byte[] rawGet(TestStore t, byte[] storedKey) {
        try {
            return t.store.rawDb().get(storedKey);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }
}
