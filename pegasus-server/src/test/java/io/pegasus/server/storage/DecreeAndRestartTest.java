package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.update_response;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decree bookkeeping: ordering, atomicity with the data, and what survives a restart with the WAL on and off. */
class DecreeAndRestartTest {
    @TempDir
    Path tmp;

    @Test
    void newPartitionStartsAtZeroAndDecreesMustIncrease() {
        try (TestStore t = new TestStore(tmp)) {
            assertThat(t.store.lastAppliedDecree()).isZero();
            t.store.apply(5, 1, List.of(WriteRequest.put(Req.put(key("a", "b"), b("5"), 0))));
            assertThat(t.store.lastAppliedDecree()).isEqualTo(5);
            for (long stale : new long[] {5, 4, 0, -1}) {
                assertThatThrownBy(() ->
                                t.store.apply(stale, 2, List.of(WriteRequest.put(Req.put(key("a", "b"), b("x"), 0)))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not after the last applied 5");
            }
            assertThat(t.getString("a", "b")).isEqualTo("5");
            assertThat(t.store.lastAppliedDecree()).isEqualTo(5);
            // gaps are fine (a learner jumps ahead); an empty decree only advances the decree
            assertThat(t.store.apply(9, 3, List.of())).isEmpty();
            assertThat(t.store.lastAppliedDecree()).isEqualTo(9);
        }
    }

    /**
     * A write RocksDB holds back (here it stops writes: flushes are paused and the memtables are full) is refused at once
     * by {@link PartitionStore#applyWithoutWaiting}, with nothing of the decree written; {@link PartitionStore#apply}
     * of the same decree waits and goes through once RocksDB flushes again.
     */
    @Test
    void aWriteRocksDbHoldsBackIsRefusedAtOnceWithoutWaitingAndNothingIsWritten() throws Exception {
        try (TestStore t = new TestStore(tmp, c -> c.writeBufferBytes(64 << 10))) {
            t.store.pauseBackgroundWork();
            byte[] value = new byte[1000];
            long decree = 0;
            WriteStalledException stalled = null;
            while (stalled == null) {
                assertThat(decree)
                        .as("decrees written before RocksDB stops writes")
                        .isLessThan(10_000);
                try {
                    t.store.applyWithoutWaiting(
                            decree + 1, 1, List.of(WriteRequest.put(Req.put(key("hk", "k" + (decree + 1)), value, 0))));
                    decree++;
                } catch (WriteStalledException e) {
                    stalled = e;
                }
            }
            assertThat(stalled).hasMessageContaining("write stall").hasMessageContaining("decree " + (decree + 1));
            assertThat(t.store.lastAppliedDecree()).isEqualTo(decree);
            assertThat(t.getString("hk", "k" + (decree + 1))).isNull();
            long next = decree + 1;
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() ->
                    t.store.apply(next, 1, List.of(WriteRequest.put(Req.put(key("hk", "k" + next), b("x"), 0)))));
            Thread.sleep(300);
            assertThat(waiting).as("apply waits while RocksDB stops writes").isNotDone();
            t.store.continueBackgroundWork();
            waiting.get(30, TimeUnit.SECONDS);
            assertThat(t.store.lastAppliedDecree()).isEqualTo(next);
            assertThat(t.getString("hk", "k" + next)).isEqualTo("x");
        }
    }

    @Test
    void responsesCarryTheirDecree() {
        try (TestStore t = new TestStore(tmp)) {
            var out = t.store.apply(
                    7,
                    TestStore.START_MILLIS * 1000,
                    List.of(
                            WriteRequest.put(Req.put(key("a", "b"), b("1"), 0)),
                            WriteRequest.incr(Req.incr(key("a", "b"), 1, 0))));
            assertThat(((update_response) out.get(0)).getDecree()).isEqualTo(7);
            assertThat(((incr_response) out.get(1)).getDecree()).isEqualTo(7);
        }
    }

    @Test
    void restartWithWalLosesNothingAppliedAndResumesTheDecree() {
        try (TestStore t = new TestStore(tmp)) {
            for (int i = 1; i <= 50; i++) {
                t.put("hk", "k" + i, "v" + i);
            }
            t.write(WriteRequest.incr(Req.incr(key("hk", "n"), 42, 0)));
            assertThat(t.store.lastDurableDecree()).isEqualTo(t.store.lastAppliedDecree());
            t.store.closeWithoutFlush(); // nothing flushed: everything lives in the memtable and the WAL
            t.store = t.engine.open(TestStore.ID, t.dir);
            assertThat(t.store.lastAppliedDecree()).isEqualTo(51);
            for (int i = 1; i <= 50; i++) {
                assertThat(t.getString("hk", "k" + i)).isEqualTo("v" + i);
            }
            assertThat(t.getString("hk", "n")).isEqualTo("42");
            t.decree = t.store.lastAppliedDecree();
            t.put("hk", "after", "x"); // continues at 52
            assertThat(t.store.lastAppliedDecree()).isEqualTo(52);
        }
    }

    /**
     * With the WAL off, a crash keeps exactly the decrees up to some decree D >= the lastDurableDecree read before the
     * crash (a background flush may finish meanwhile): each decree's data and its decree record are in the same batch,
     * so they are flushed together or not at all, and after reopening lastAppliedDecree says exactly which.
     */
    @Test
    void crashWithoutWalKeepsExactlyTheDurableDecrees() {
        try (TestStore t = new TestStore(tmp, c -> c.walEnabled(false).writeBufferBytes(64 << 10))) {
            String big = "x".repeat(1000);
            for (int i = 1; i <= 300; i++) { // ~300 KB: several memtables, flushed in the background
                t.write(WriteRequest.multiPut(Req.multiPut("d" + i, 0, "a", big, "b", "x")));
            }
            t.store.flush();
            assertThat(t.store.lastDurableDecree()).isEqualTo(300);
            for (int i = 301; i <= 400; i++) {
                t.write(WriteRequest.multiPut(Req.multiPut("d" + i, 0, "a", big, "b", "x")));
            }
            for (int i = 401; i <= 405; i++) { // small: they stay in the active memtable
                t.write(WriteRequest.multiPut(Req.multiPut("d" + i, 0, "a", "small", "b", "x")));
            }
            long durableBeforeCrash = t.store.lastDurableDecree();
            assertThat(durableBeforeCrash).isBetween(300L, 400L);
            assertThat(t.store.lastAppliedDecree()).isEqualTo(405);

            t.store.closeWithoutFlush();
            t.store = t.engine.open(TestStore.ID, t.dir);
            long resumed = t.store.lastAppliedDecree();
            assertThat(resumed).isBetween(durableBeforeCrash, 400L);
            assertThat(t.store.lastDurableDecree()).isEqualTo(resumed);
            for (int i = 1; i <= 405; i++) {
                boolean kept = i <= resumed;
                assertThat(t.getString("d" + i, "b")).as("decree " + i).isEqualTo(kept ? "x" : null);
                assertThat(t.getString("d" + i, "a")).as("decree " + i).isEqualTo(kept ? big : null);
            }
        }
    }

    @Test
    void cleanCloseWithoutWalFlushesEverything() {
        try (TestStore t = new TestStore(tmp, c -> c.walEnabled(false))) {
            for (int i = 1; i <= 10; i++) {
                t.put("hk", "k" + i, "v");
            }
            assertThat(t.store.lastDurableDecree()).isZero(); // all in the memtable, no WAL
            t.reopen();
            assertThat(t.store.lastAppliedDecree()).isEqualTo(10);
            assertThat(t.store.lastDurableDecree()).isEqualTo(10);
            assertThat(t.getString("hk", "k10")).isEqualTo("v");
        }
    }

    @Test
    void decreeTimestampsNeverGoBackwards() {
        try (TestStore t = new TestStore(tmp)) {
            long now = TestStore.START_MILLIS * 1000;
            t.store.apply(1, now, List.of());
            // a later decree stamped 10 s earlier is applied with the previous timestamp: the record written with an
            // expiry 5 s after that earlier stamp is already expired at the clamped "now"
            t.store.apply(2, now - 10_000_000, List.of(WriteRequest.put(Req.put(key("h", "s"), b("v"), t.now() - 5))));
            incr_response r = (incr_response) t.store
                    .apply(3, now - 10_000_000, List.of(WriteRequest.incr(Req.incr(key("h", "s"), 1, 0))))
                    .get(0);
            assertThat(r.getNew_value()).isEqualTo(1);
        }
    }

    @Test
    void closedStoreRejectsCalls() {
        try (TestStore t = new TestStore(tmp)) {
            t.store.close();
            t.store.close(); // idempotent
            assertThatThrownBy(() -> t.store.get(key("a", "b"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> t.store.apply(1, 1, List.of())).isInstanceOf(IllegalStateException.class);
        }
    }
}
