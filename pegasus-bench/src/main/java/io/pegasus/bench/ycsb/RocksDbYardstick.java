package io.pegasus.bench.ycsb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * The yardstick: rocksdbjni in the benchmark's own process, no network, no replication. It bounds what one node's
 * storage engine gives on this machine, so the distance from it to a replicated store is the cost of being one.
 *
 * <p>Properties: {@code rocksdb.dir} (required; the database is opened there, created if missing),
 * {@code rocksdb.sync} (false: the WAL is written but not fsynced per write, RocksDB's default).
 */
public final class RocksDbYardstick extends WholeRecordDB {
    private static final Shared<Handle> DB = new Shared<>();

    private Handle handle;
    private boolean acquired;

    /** The open database and the options it must outlive. */
    private static final class Handle implements AutoCloseable {
        final Options options;
        final RocksDB db;
        final WriteOptions writeOptions;

        Handle(Path dir, boolean sync) {
            RocksDB.loadLibrary();
            options = new Options().setCreateIfMissing(true);
            try {
                Files.createDirectories(dir);
                db = RocksDB.open(options, dir.toString());
            } catch (Exception e) {
                options.close();
                throw new IllegalStateException("cannot open RocksDB at " + dir, e);
            }
            writeOptions = new WriteOptions().setSync(sync);
        }

        @Override
        public void close() {
            writeOptions.close();
            db.close();
            options.close();
        }
    }

    @Override
    public void init() throws DBException {
        String dir = getProperties().getProperty("rocksdb.dir");
        if (dir == null) {
            throw new DBException("rocksdb.dir is not set");
        }
        boolean sync = Boolean.parseBoolean(getProperties().getProperty("rocksdb.sync", "false"));
        try {
            handle = DB.acquire(() -> new Handle(Path.of(dir), sync));
        } catch (IllegalStateException e) {
            throw new DBException(e.getMessage(), e);
        }
        acquired = true;
    }

    @Override
    public void cleanup() throws DBException {
        if (acquired) {
            acquired = false;
            try {
                DB.release();
            } catch (Exception e) {
                throw new DBException(e);
            }
        }
    }

    @Override
    public Status read(String tableName, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            byte[] value = handle.db.get(bytes(key));
            if (value == null) {
                return Status.NOT_FOUND;
            }
            RecordCodec.decode(value, fields, result);
            return Status.OK;
        } catch (RocksDBException e) {
            return Failures.note("rocksdb", "read", e);
        }
    }

    @Override
    public Status insert(String tableName, String key, Map<String, ByteIterator> values) {
        try {
            handle.db.put(handle.writeOptions, bytes(key), RecordCodec.encode(values));
            return Status.OK;
        } catch (RocksDBException e) {
            return Failures.note("rocksdb", "insert", e);
        }
    }

    @Override
    public Status delete(String tableName, String key) {
        try {
            handle.db.delete(handle.writeOptions, bytes(key));
            return Status.OK;
        } catch (RocksDBException e) {
            return Failures.note("rocksdb", "delete", e);
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
