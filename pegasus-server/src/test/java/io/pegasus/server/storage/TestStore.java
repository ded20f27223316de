package io.pegasus.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.data.PegasusTime;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.scan_request;
import io.pegasus.thrift.scan_response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.thrift.TBase;

/**
 * A real engine and one partition store in a temp folder, with a settable clock. Writes go in as one decree each,
 * stamped with the clock (as a primary would).
 */
final class TestStore implements AutoCloseable {
    /** 2023-11-14T22:13:20Z, Pegasus second 248393600. */
    static final long START_MILLIS = 1_700_000_000_000L;

    static final PartitionId ID = new PartitionId(2, 3, 8);

    final AtomicLong clock = new AtomicLong(START_MILLIS);
    final Path dir;
    final StorageEngine engine;
    PartitionStore store;
    long decree;

    TestStore(Path root) {
        this(root, b -> {});
    }

    TestStore(Path root, Consumer<StorageConfig.Builder> customize) {
        StorageConfig.Builder b = StorageConfig.builder()
                .blockCacheBytes(16 << 20)
                .writeBufferLimitBytes(16 << 20)
                .writeBufferBytes(4 << 20)
                .backgroundThreads(1)
                .sweepIntervalMillis(0)
                .clockMillis(clock::get);
        customize.accept(b);
        this.engine = new StorageEngine(b.build());
        this.dir = root.resolve("p");
        this.store = engine.open(ID, dir);
        this.decree = store.lastAppliedDecree();
    }

    int now() {
        return PegasusTime.epochSeconds(clock.get());
    }

    void advanceSeconds(long s) {
        clock.addAndGet(s * 1000);
    }

    /** Applies one decree holding these requests, timestamped with the clock. */
    List<TBase<?, ?>> applyAll(WriteRequest... requests) {
        return store.apply(++decree, clock.get() * 1000, List.of(requests));
    }

    @SuppressWarnings("unchecked")
    <T extends TBase<?, ?>> T write(WriteRequest request) {
        return (T) applyAll(request).get(0);
    }

    void put(String hk, String sk, String value) {
        put(Req.key(hk, sk), Req.b(value), 0);
    }

    void put(byte[] storedKey, byte[] value, int expireTs) {
        io.pegasus.thrift.update_response r = write(WriteRequest.put(Req.put(storedKey, value, expireTs)));
        assertThat(r.getError()).isEqualTo(StatusCode.OK);
    }

    /** The value, or null if absent/expired; fails on any other code. */
    byte[] get(byte[] storedKey) {
        read_response r = store.get(storedKey);
        assertThat(r.getError()).isIn(StatusCode.OK, StatusCode.NOT_FOUND);
        assertThat(r.getValue()).isNotNull();
        return r.getError() == StatusCode.OK ? r.getValue().data() : null;
    }

    String getString(String hk, String sk) {
        byte[] v = get(Req.key(hk, sk));
        return v == null ? null : new String(v, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs a whole scan (GET_SCANNER then SCAN until -1) and returns every record. */
    List<key_value> scanAll(get_scanner_request request) {
        List<key_value> out = new ArrayList<>();
        scan_response r = store.getScanner(request);
        while (true) {
            assertThat(r.getError()).isEqualTo(StatusCode.OK);
            out.addAll(r.getKvs());
            if (r.getContext_id() == -1) {
                return out;
            }
            assertThat(r.getContext_id()).isNotNegative();
            r = store.scan(new scan_request(r.getContext_id()));
        }
    }

    void reopen() {
        store.close();
        store = engine.open(ID, dir);
    }

    @Override
    public void close() {
        engine.close();
    }
}
