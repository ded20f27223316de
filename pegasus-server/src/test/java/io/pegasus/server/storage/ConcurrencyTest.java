package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply() under concurrent callers, and readers running against a writer. */
class ConcurrencyTest {
    @TempDir
    Path tmp;

    /**
     * Threads race to apply decrees they numbered themselves. Every call either applies atomically or is rejected as
     * stale; the counter ends at the number of applied incr and each applied incr saw a distinct predecessor.
     */
    @Test
    void concurrentApplyCallsAreSerialized() throws Exception {
        try (TestStore t = new TestStore(tmp)) {
            AtomicLong nextDecree = new AtomicLong();
            ConcurrentLinkedQueue<Long> results = new ConcurrentLinkedQueue<>();
            AtomicLong rejected = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        for (int n = 0; n < 300; n++) {
                            long d = nextDecree.incrementAndGet();
                            try {
                                incr_response r = (incr_response) t.store
                                        .apply(d, 1, List.of(WriteRequest.incr(Req.incr(key("c", ""), 1, 0))))
                                        .get(0);
                                results.add(r.getNew_value());
                            } catch (IllegalArgumentException stale) {
                                rejected.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            List<Long> sorted = new ArrayList<>(results);
            Collections.sort(sorted);
            assertThat(sorted.size() + rejected.get()).isEqualTo(1200);
            for (int i = 0; i < sorted.size(); i++) {
                assertThat(sorted.get(i)).isEqualTo(i + 1);
            }
            assertThat(t.getString("c", "")).isEqualTo(Long.toString(sorted.size()));
        }
    }

    /** Every decree writes the same counter value to two keys; no reader may see them differ. */
    @Test
    void readersNeverSeeHalfADecree() throws Exception {
        try (TestStore t = new TestStore(tmp)) {
            t.write(WriteRequest.multiPut(Req.multiPut("hk", 0, "a", "0", "b", "0")));
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicLong reads = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                final boolean useScan = i == 1;
                readers.add(new Thread(() -> {
                    while (!stop.get()) {
                        List<key_value> kvs;
                        if (useScan) {
                            kvs = t.store
                                    .getScanner(Req.hashScan("hk", "", "", 10))
                                    .getKvs();
                        } else {
                            multi_get_response r = t.store.multiGet(Req.multiGetPoint("hk", 0, 0, "a", "b"));
                            kvs = r.getKvs();
                        }
                        if (kvs.size() != 2
                                || !kvs.get(0).getValue().equals(kvs.get(1).getValue())) {
                            violations.add(kvs.toString());
                        }
                        reads.incrementAndGet();
                    }
                }));
            }
            readers.forEach(Thread::start);
            // the writes start once the readers read: on a loaded machine their threads may start late, after every
            // write (and the stop flag), and never overlap them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reads.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            for (int n = 1; n <= 2000; n++) {
                // two separate requests in one decree: incr a, then put b to the same value
                t.applyAll(
                        WriteRequest.incr(Req.incr(key("hk", "a"), 1, 0)),
                        WriteRequest.put(Req.put(key("hk", "b"), b(Integer.toString(n)), 0)));
            }
            stop.set(true);
            for (Thread r : readers) {
                r.join();
            }
            assertThat(violations).isEmpty();
            assertThat(reads.get()).isPositive();
            assertThat(t.getString("hk", "a")).isEqualTo("2000");
        }
    }
}
