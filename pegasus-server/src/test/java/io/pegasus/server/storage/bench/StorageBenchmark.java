package io.pegasus.server.storage.bench;

import io.pegasus.data.StoredKey;
import io.pegasus.server.storage.BenchAccess;
import io.pegasus.server.storage.PartitionId;
import io.pegasus.server.storage.PartitionStore;
import io.pegasus.server.storage.StorageConfig;
import io.pegasus.server.storage.StorageEngine;
import io.pegasus.server.storage.WriteRequest;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.update_request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * This storage layer against plain rocksdbjni doing the same work on the same data, in one run: each {@code layer*}
 * benchmark has a {@code plain*} twin that calls RocksDB directly on the very same database (same options, cache and
 * files). Run with {@code bin/bench-storage} (docs/storage.md, "Benchmark").
 *
 * <p>Data: 10,000 hash keys x 10 sort keys (100-byte values) plus one hash key with 1,000 sort keys for the scan,
 * flushed to SST files, so reads hit the block cache, not the memtable.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StorageBenchmark {
    static final int HASH_KEYS = 10_000;
    static final int SORT_KEYS = 10;
    static final int VALUE_BYTES = 100;
    static final String SCAN_HASH_KEY = "scan-hash-key";
    /** Like the layer's reserved keys: FF FF never starts a valid stored key. */
    static final byte[] DECREE_KEY = {(byte) 0xFF, (byte) 0xFF, 'd'};

    Path dir;
    StorageEngine engine;
    PartitionStore store;
    RocksDB db;
    WriteOptions plainWrite;
    WriteBatch plainBatch;
    ReadOptions plainRead;
    ReadOptions plainScan;
    long decree;
    final SplittableRandom random = new SplittableRandom(1);
    byte[] value;
    byte[] storedValue;

    static byte[] hk(int i) {
        return String.format("user%08d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] sk(int j) {
        return String.format("field%04d", j).getBytes(StandardCharsets.US_ASCII);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("storage-bench");
        engine =
                new StorageEngine(StorageConfig.builder().sweepIntervalMillis(0).build());
        store = engine.open(new PartitionId(1, 0, 8), dir.resolve("p"));
        db = BenchAccess.rawDb(store);
        plainWrite = new WriteOptions();
        plainBatch = new WriteBatch();
        plainRead = new ReadOptions();
        plainScan = new ReadOptions().setPrefixSameAsStart(true);
        value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        storedValue = new byte[VALUE_BYTES + 12]; // what the layer stores: 12-byte header + value
        random.nextBytes(storedValue);
        for (int i = 0; i < HASH_KEYS; i++) {
            multi_put_request mp = new multi_put_request(new blob(hk(i)), new ArrayList<>(), 0);
            for (int j = 0; j < SORT_KEYS; j++) {
                mp.addToKvs(new key_value(new blob(sk(j)), new blob(value)));
            }
            store.apply(++decree, now(), List.of(WriteRequest.multiPut(mp)));
        }
        multi_put_request scan = new multi_put_request(
                new blob(SCAN_HASH_KEY.getBytes(StandardCharsets.US_ASCII)), new ArrayList<>(), 0);
        for (int j = 0; j < 1000; j++) {
            scan.addToKvs(new key_value(new blob(sk(j)), new blob(value)));
        }
        store.apply(++decree, now(), List.of(WriteRequest.multiPut(scan)));
        store.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        plainScan.close();
        plainRead.close();
        plainWrite.close();
        plainBatch.close();
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static long now() {
        // the benchmark is an edge: it stamps decrees with the wall clock, as a primary would
        return System.currentTimeMillis() * 1000;
    }

    byte[] randomKey() {
        return StoredKey.encode(hk(random.nextInt(HASH_KEYS)), sk(random.nextInt(SORT_KEYS)));
    }

    // ---- put ----

    @Benchmark
    public Object layerPut() {
        update_request put = new update_request(new blob(randomKey()), new blob(value), 0);
        return store.apply(++decree, now(), List.of(WriteRequest.put(put)));
    }

    @Benchmark
    public void plainPut() throws RocksDBException {
        db.put(plainWrite, randomKey(), storedValue);
    }

    /**
     * Not a twin but a reference point: the RocksDB work a decree-tagged put needs (one batch with the record and the
     * last-applied decree), so the layer's overhead can be split into that design choice and the Java code around it.
     */
    @Benchmark
    public void plainPutWithDecree() throws RocksDBException {
        plainBatch.put(randomKey(), storedValue);
        plainBatch.put(
                DECREE_KEY,
                ByteBuffer.allocate(16).putLong(++decree).putLong(now()).array());
        db.write(plainWrite, plainBatch);
        plainBatch.clear();
    }

    // ---- get ----

    @Benchmark
    public Object layerGet() {
        return store.get(randomKey());
    }

    @Benchmark
    public Object plainGet() throws RocksDBException {
        return db.get(plainRead, randomKey());
    }

    // ---- multi_get of 10 sort keys (point mode) ----

    @Benchmark
    public Object layerMultiGet() {
        multi_get_request r = new multi_get_request();
        r.setHash_key(new blob(hk(random.nextInt(HASH_KEYS))));
        List<blob> sks = new ArrayList<>(SORT_KEYS);
        for (int j = 0; j < SORT_KEYS; j++) {
            sks.add(new blob(sk(j)));
        }
        r.setSort_keys(sks);
        r.setMax_kv_count(-1);
        r.setMax_kv_size(-1);
        return store.multiGet(r);
    }

    @Benchmark
    public Object plainMultiGet() throws RocksDBException {
        byte[] hk = hk(random.nextInt(HASH_KEYS));
        List<byte[]> keys = new ArrayList<>(SORT_KEYS);
        for (int j = 0; j < SORT_KEYS; j++) {
            keys.add(StoredKey.encode(hk, sk(j)));
        }
        return db.multiGetAsList(plainRead, keys);
    }

    // ---- scan of 1,000 records (one GET_SCANNER with batch_size 1000) ----

    @Benchmark
    public Object layerScan1000() {
        byte[] hk = SCAN_HASH_KEY.getBytes(StandardCharsets.US_ASCII);
        get_scanner_request r = new get_scanner_request();
        r.setStart_key(new blob(StoredKey.encode(hk, null)));
        r.setStop_key(new blob(StoredKey.successor(hk)));
        r.setStart_inclusive(true);
        r.setBatch_size(1000);
        return store.getScanner(r);
    }

    @Benchmark
    public void plainScan1000(Blackhole bh) {
        byte[] start = StoredKey.encode(SCAN_HASH_KEY.getBytes(StandardCharsets.US_ASCII), null);
        try (RocksIterator it = db.newIterator(plainScan)) {
            it.seek(start);
            for (int n = 0; n < 1000 && it.isValid(); n++, it.next()) {
                bh.consume(it.key());
                bh.consume(it.value());
            }
        }
    }
}
