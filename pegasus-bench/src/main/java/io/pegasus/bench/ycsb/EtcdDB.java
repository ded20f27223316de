package io.pegasus.bench.ycsb;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for etcd through jetcd: one key per record, the record as its value ({@link RecordCodec}). Reads use
 * jetcd's default, linearizable reads (through the leader), the etcd counterpart of our reads from the primary.
 *
 * <p>Properties: {@code etcd.endpoints} (comma-separated URLs, default the bench's three members),
 * {@code etcd.timeout_ms} (default 5000).
 */
public final class EtcdDB extends WholeRecordDB {
    public static final String BENCH_ENDPOINTS = "http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793";
    private static final Shared<Client> CLIENT = new Shared<>();

    private KV kv;
    private long timeoutMs;
    private boolean acquired;

    @Override
    public void init() throws DBException {
        String endpoints = getProperties().getProperty("etcd.endpoints", BENCH_ENDPOINTS);
        timeoutMs = Long.parseLong(getProperties().getProperty("etcd.timeout_ms", "5000"));
        Client client = CLIENT.acquire(
                () -> Client.builder().endpoints(endpoints.split(",")).build());
        acquired = true;
        kv = client.getKVClient();
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
            GetResponse response = kv.get(bytes(key)).get(timeoutMs, TimeUnit.MILLISECONDS);
            if (response.getKvs().isEmpty()) {
                return Status.NOT_FOUND;
            }
            RecordCodec.decode(response.getKvs().get(0).getValue().getBytes(), fields, result);
            return Status.OK;
        } catch (ExecutionException | TimeoutException e) {
            return Failures.note("etcd", "read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String tableName, String key, Map<String, ByteIterator> values) {
        try {
            kv.put(bytes(key), ByteSequence.from(RecordCodec.encode(values))).get(timeoutMs, TimeUnit.MILLISECONDS);
            return Status.OK;
        } catch (ExecutionException | TimeoutException e) {
            return Failures.note("etcd", "insert", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String tableName, String key) {
        try {
            kv.delete(bytes(key)).get(timeoutMs, TimeUnit.MILLISECONDS);
            return Status.OK;
        } catch (ExecutionException | TimeoutException e) {
            return Failures.note("etcd", "delete", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.ERROR;
        }
    }

    private static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }
}
