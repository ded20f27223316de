package io.pegasus.server.storage;

import org.rocksdb.RocksDB;

/** Test-only door to the raw RocksDB under a store, for the benchmark's plain-rocksdbjni baseline. */
public final class BenchAccess {
    private BenchAccess() {}

    public static RocksDB rawDb(PartitionStore store) {
        return store.rawDb();
    }
}
