package io.pegasus.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.multi_get_request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.TickerType;

/**
 * The prefix bloom must be an optimisation only: the same random data and queries against a store with the capped
 * prefix extractor and one without must give identical answers, while the first really skips files by prefix.
 */
class PrefixBloomTest {
    static final byte[] ALPHABET = {0, 1, 'a', 'b', (byte) 0xFE, (byte) 0xFF};

    @TempDir
    Path tmp;

    TestStore withBloom;
    TestStore without;
    final Random random = new Random(7);
    final List<byte[]> hashKeys = new ArrayList<>();
    /** Queried but never written: every SST file can be skipped for them. */
    final List<byte[]> absentHashKeys = new ArrayList<>();

    @BeforeEach
    void open() {
        withBloom = new TestStore(tmp.resolve("bloom"), c -> c.prefixBytes(10));
        without = new TestStore(tmp.resolve("plain"), c -> c.prefixBytes(0));
        for (int i = 0; i < 40; i++) {
            hashKeys.add(bytes(i % 4 == 0 ? random.nextInt(8) : 8 + random.nextInt(9)));
        }
        hashKeys.add(new byte[0]);
        for (int i = 0; i < 10; i++) {
            absentHashKeys.add(("absent-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @AfterEach
    void close() {
        withBloom.close();
        without.close();
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }

    byte[] hk() {
        return hashKeys.get(random.nextInt(hashKeys.size()));
    }

    void both(WriteRequest... requests) {
        withBloom.applyAll(requests);
        without.applyAll(requests);
    }

    void loadRandomData() {
        for (int n = 1; n <= 2000; n++) {
            byte[] hk = hk();
            int kind = random.nextInt(10);
            int expire = random.nextInt(4) == 0 ? withBloom.now() + 1 + random.nextInt(20) : 0;
            if (kind < 6) {
                both(WriteRequest.put(Req.put(StoredKey.encode(hk, bytes(random.nextInt(4))), bytes(3), expire)));
            } else if (kind < 8) {
                io.pegasus.thrift.multi_put_request mp =
                        new io.pegasus.thrift.multi_put_request(new blob(hk), new ArrayList<>(), expire);
                for (int i = 0; i < 5; i++) {
                    mp.addToKvs(
                            new io.pegasus.thrift.key_value(new blob(bytes(random.nextInt(4))), new blob(bytes(2))));
                }
                both(WriteRequest.multiPut(mp));
            } else {
                both(WriteRequest.remove(StoredKey.encode(hk, bytes(random.nextInt(3)))));
            }
            if (n % 250 == 0) { // many overlapping SST files, so seeks have files to skip
                withBloom.store.flush();
                without.store.flush();
            }
        }
        withBloom.advanceSeconds(10);
        without.advanceSeconds(10);
    }

    <T> void same(Function<PartitionStore, T> query) {
        String a = String.valueOf(query.apply(withBloom.store));
        String b = String.valueOf(query.apply(without.store));
        assertThat(a).isEqualTo(b);
    }

    multi_get_request randomRange(byte[] hk) {
        multi_get_request r = new multi_get_request();
        r.setHash_key(new blob(hk));
        if (random.nextBoolean()) {
            r.setStart_sortkey(new blob(bytes(random.nextInt(3))));
        }
        if (random.nextBoolean()) {
            r.setStop_sortkey(new blob(bytes(random.nextInt(3))));
        }
        r.setStart_inclusive(random.nextBoolean());
        r.setStop_inclusive(random.nextBoolean());
        r.setMax_kv_count(random.nextInt(12) - 1);
        r.setMax_kv_size(random.nextInt(4) == 0 ? 10 : -1);
        r.setReverse(random.nextBoolean());
        r.setNo_value(random.nextInt(5) == 0);
        r.setSort_key_filter_type(random.nextInt(4));
        r.setSort_key_filter_pattern(new blob(bytes(random.nextInt(2))));
        return r;
    }

    get_scanner_request randomScan() {
        get_scanner_request r;
        if (random.nextBoolean()) {
            byte[] hk = hk();
            r = new get_scanner_request();
            r.setStart_key(new blob(StoredKey.encode(hk, bytes(random.nextInt(2)))));
            byte[] stopSk = bytes(random.nextInt(3));
            r.setStop_key(new blob(stopSk.length == 0 ? StoredKey.successor(hk) : StoredKey.encode(hk, stopSk)));
            r.setStart_inclusive(random.nextBoolean());
            r.setStop_inclusive(stopSk.length > 0 && random.nextBoolean());
        } else {
            r = Req.fullScan(0);
            r.setHash_key_filter_type(random.nextInt(4));
            r.setHash_key_filter_pattern(new blob(bytes(random.nextInt(3))));
        }
        // full scans walk thousands of records: big batches keep the test fast
        r.setBatch_size(r.getStop_key().length() == 2 ? 50 + random.nextInt(200) : 1 + random.nextInt(7));
        r.setSort_key_filter_type(random.nextInt(4));
        r.setSort_key_filter_pattern(new blob(bytes(random.nextInt(2))));
        return r;
    }

    @Test
    void resultsDoNotDependOnTheBloomPath() {
        loadRandomData();
        long filteredBefore = seeksFiltered(withBloom);
        for (int q = 0; q < 250; q++) {
            byte[] hk = q % 10 == 0 ? absentHashKeys.get(random.nextInt(absentHashKeys.size())) : hk();
            multi_get_request range = randomRange(hk);
            same(s -> s.multiGet(range));
            same(s -> s.sortkeyCount(hk));
            multi_get_request point = Req.multiGetPoint("", 0, 0);
            point.setHash_key(new blob(hk));
            for (int i = 0; i < 4; i++) {
                point.addToSort_keys(new blob(bytes(random.nextInt(3))));
            }
            same(s -> s.multiGet(point));
            get_scanner_request scan = randomScan();
            assertThat(String.valueOf(withBloom.scanAll(scan))).isEqualTo(String.valueOf(without.scanAll(scan)));
        }
        // both paths were exercised, and the bloom really skipped files
        assertThat(withBloom.store.prefixSeeks()).isGreaterThan(100);
        assertThat(withBloom.store.totalOrderSeeks()).isGreaterThan(100);
        assertThat(without.store.prefixSeeks()).isZero();
        assertThat(seeksFiltered(withBloom)).isGreaterThan(filteredBefore);
        assertThat(seeksFiltered(without)).isZero();
    }

    static long seeksFiltered(TestStore t) {
        return t.engine.ticker(TickerType.NON_LAST_LEVEL_SEEK_FILTERED)
                + t.engine.ticker(TickerType.LAST_LEVEL_SEEK_FILTERED);
    }
}
