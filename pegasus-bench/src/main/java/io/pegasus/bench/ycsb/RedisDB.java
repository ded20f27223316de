package io.pegasus.bench.ycsb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for Redis through Jedis, against the primary. Every write is {@code SET} followed by
 * {@code WAIT <replicas> <timeout>} in one pipelined round trip, and counts as failed unless that many replicas
 * confirmed it: the nearest Redis gets to a replicated write. Reads go to the primary.
 *
 * <p>Properties: {@code redis.host} (127.0.0.1), {@code redis.port} (26379, the bench's primary),
 * {@code redis.wait_replicas} (2), {@code redis.timeout_ms} (5000).
 */
public final class RedisDB extends WholeRecordDB {
    public static final int BENCH_PRIMARY_PORT = 26379;
    private static final Shared<JedisPool> POOL = new Shared<>();

    private JedisPool pool;
    private int waitReplicas;
    private int timeoutMs;
    private boolean acquired;

    @Override
    public void init() throws DBException {
        String host = getProperties().getProperty("redis.host", "127.0.0.1");
        int port = Integer.parseInt(getProperties().getProperty("redis.port", String.valueOf(BENCH_PRIMARY_PORT)));
        waitReplicas = Integer.parseInt(getProperties().getProperty("redis.wait_replicas", "2"));
        timeoutMs = Integer.parseInt(getProperties().getProperty("redis.timeout_ms", "5000"));
        int threads = Integer.parseInt(getProperties().getProperty("threadcount", "1"));
        pool = POOL.acquire(() -> {
            JedisPoolConfig config = new JedisPoolConfig();
            // one connection per client thread, as the YCSB Redis binding has
            config.setMaxTotal(Math.max(8, threads));
            config.setMaxIdle(Math.max(8, threads));
            return new JedisPool(config, host, port, timeoutMs);
        });
        acquired = true;
    }

    @Override
    public void cleanup() throws DBException {
        if (acquired) {
            acquired = false;
            try {
                POOL.release();
            } catch (Exception e) {
                throw new DBException(e);
            }
        }
    }

    @Override
    public Status read(String tableName, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try (Jedis jedis = pool.getResource()) {
            byte[] value = jedis.get(bytes(key));
            if (value == null) {
                return Status.NOT_FOUND;
            }
            RecordCodec.decode(value, fields, result);
            return Status.OK;
        } catch (JedisException e) {
            return Failures.note("redis", "read", e);
        }
    }

    @Override
    public Status insert(String tableName, String key, Map<String, ByteIterator> values) {
        try (Jedis jedis = pool.getResource()) {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(bytes(key), RecordCodec.encode(values));
            Response<Long> confirmed = pipeline.waitReplicas(waitReplicas, timeoutMs);
            pipeline.sync();
            return confirmed(confirmed.get(), "insert");
        } catch (JedisException e) {
            return Failures.note("redis", "insert", e);
        }
    }

    @Override
    public Status delete(String tableName, String key) {
        try (Jedis jedis = pool.getResource()) {
            Pipeline pipeline = jedis.pipelined();
            pipeline.del(bytes(key));
            Response<Long> confirmed = pipeline.waitReplicas(waitReplicas, timeoutMs);
            pipeline.sync();
            return confirmed(confirmed.get(), "delete");
        } catch (JedisException e) {
            return Failures.note("redis", "delete", e);
        }
    }

    private Status confirmed(long replicas, String operation) {
        if (replicas >= waitReplicas) {
            return Status.OK;
        }
        return Failures.note(
                "redis",
                operation,
                new IllegalStateException("WAIT confirmed " + replicas + " of " + waitReplicas + " replicas"));
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
