package io.pegasus.bench.ycsb;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for our Java client. The YCSB key is the hash key and the sort key is empty, so records spread over
 * all partitions exactly as YCSB spreads keys; the record is one value ({@link RecordCodec}).
 *
 * <p>Properties: {@code pegasus.meta_servers} (default the onebox's three), {@code pegasus.table} (default
 * {@code temp}), {@code pegasus.timeout_ms} (default 5000: a noisy shared machine must not turn slow into failed).
 */
public final class PegasusDB extends WholeRecordDB {
    public static final String ONEBOX_METAS = "127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603";
    private static final byte[] NO_SORT_KEY = new byte[0];
    private static final Shared<PegasusClient> CLIENT = new Shared<>();

    private PegasusTable table;
    private boolean acquired;

    @Override
    public void init() throws DBException {
        String metas = getProperties().getProperty("pegasus.meta_servers", ONEBOX_METAS);
        int timeoutMs = Integer.parseInt(getProperties().getProperty("pegasus.timeout_ms", "5000"));
        PegasusClient client = CLIENT.acquire(() -> PegasusClient.create(ClientOptions.builder()
                .metaServers(metas)
                .operationTimeoutMs(timeoutMs)
                .build()));
        acquired = true;
        try {
            table = client.openTable(getProperties().getProperty("pegasus.table", "temp"));
        } catch (PegasusException e) {
            throw new DBException("cannot open the table on " + metas + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cleanup() throws DBException {
        if (acquired) {
            acquired = false;
            try {
                CLIENT.release();
            } catch (Exception e) {
                throw new DBException(e);
            }
        }
    }

    @Override
    public Status read(String tableName, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            byte[] value = table.get(hashKey(key), NO_SORT_KEY);
            if (value == null) {
                return Status.NOT_FOUND;
            }
            RecordCodec.decode(value, fields, result);
            return Status.OK;
        } catch (PegasusException e) {
            return Failures.note("pegasus", "read", e);
        }
    }

    @Override
    public Status insert(String tableName, String key, Map<String, ByteIterator> values) {
        try {
            table.set(hashKey(key), NO_SORT_KEY, RecordCodec.encode(values));
            return Status.OK;
        } catch (PegasusException e) {
            return Failures.note("pegasus", "insert", e);
        }
    }

    @Override
    public Status delete(String tableName, String key) {
        try {
            table.del(hashKey(key), NO_SORT_KEY);
            return Status.OK;
        } catch (PegasusException e) {
            return Failures.note("pegasus", "delete", e);
        }
    }

    private static byte[] hashKey(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
