package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PegasusTime;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.full_data;
import io.pegasus.thrift.full_key;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.ttl_response;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * get (4.8), ttl (4.12), batch_get (4.10) and sortkey_count (4.11). Thread-safe; reads the latest state. Expired
 * records are treated as absent by all four (4.0).
 */
final class PointReader {
    private final StoreContext ctx;

    PointReader(StoreContext ctx) {
        this.ctx = ctx;
    }

    read_response get(byte[] storedKey) {
        read_response r =
                new read_response(StatusCode.NOT_FOUND, new blob(), ctx.id.appId(), ctx.id.partitionIndex(), "");
        if (!StoredKey.isValid(storedKey)) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        try {
            byte[] v = ctx.db.get(ctx.pointRead, storedKey);
            if (ctx.codec.isLive(v, ctx.nowSeconds())) {
                r.setError(StatusCode.OK).setValue(new blob(ctx.codec.user(v)));
            }
        } catch (RocksDBException e) {
            r.setError(StatusCodes.of(e));
        } catch (ValueCodec.CorruptValueException e) {
            r.setError(StatusCode.CORRUPTION);
        }
        return r;
    }

    ttl_response ttl(byte[] storedKey) {
        ttl_response r = new ttl_response(StatusCode.NOT_FOUND, 0, ctx.id.appId(), ctx.id.partitionIndex(), "");
        if (!StoredKey.isValid(storedKey)) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        try {
            byte[] v = ctx.db.get(ctx.pointRead, storedKey);
            int now = ctx.nowSeconds();
            if (ctx.codec.isLive(v, now)) {
                r.setError(StatusCode.OK).setTtl_seconds(PegasusTime.ttlSeconds(ctx.codec.expireTs(v), now));
            }
        } catch (RocksDBException e) {
            r.setError(StatusCodes.of(e));
        } catch (ValueCodec.CorruptValueException e) {
            r.setError(StatusCode.CORRUPTION);
        }
        return r;
    }

    batch_get_response batchGet(batch_get_request request) {
        batch_get_response r =
                new batch_get_response(StatusCode.OK, new ArrayList<>(), ctx.id.appId(), ctx.id.partitionIndex(), "");
        List<full_key> keys = request.getKeys();
        if (keys == null || keys.isEmpty()) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        List<byte[]> storedKeys = new ArrayList<>(keys.size());
        for (full_key k : keys) {
            byte[] hk = blob.bytesOf(k.getHash_key());
            if (hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
                return r.setError(StatusCode.INVALID_ARGUMENT);
            }
            storedKeys.add(StoredKey.encode(hk, blob.bytesOf(k.getSort_key())));
        }
        try {
            List<byte[]> values = ctx.db.multiGetAsList(ctx.pointRead, storedKeys);
            int now = ctx.nowSeconds();
            for (int i = 0; i < values.size(); i++) {
                byte[] v = values.get(i);
                if (ctx.codec.isLive(v, now)) {
                    full_key k = keys.get(i);
                    // echo the request's key bytes: the client matches results by them
                    r.addToData(new full_data(
                            new blob(blob.bytesOf(k.getHash_key())),
                            new blob(blob.bytesOf(k.getSort_key())),
                            new blob(ctx.codec.user(v))));
                }
            }
        } catch (RocksDBException e) {
            r.setError(StatusCodes.of(e)).setData(new ArrayList<>());
        } catch (ValueCodec.CorruptValueException e) {
            r.setError(StatusCode.CORRUPTION).setData(new ArrayList<>());
        }
        return r;
    }

    /** Live records under a hash key; -1 if the time budget ran out first (spec 4.11). */
    count_response sortkeyCount(byte[] hashKey) {
        count_response r = new count_response(StatusCode.OK, 0, ctx.id.appId(), ctx.id.partitionIndex(), "");
        byte[] hk = hashKey == null ? Bytes.EMPTY : hashKey;
        if (hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            return r.setError(StatusCode.INVALID_ARGUMENT);
        }
        Deadline deadline = ctx.deadline();
        int now = ctx.nowSeconds();
        long count = 0;
        try (RangeIterator it = ctx.openRange(KeyBounds.hashKey(hk), false, true)) {
            for (it.seekToStart(); it.isValid(); it.advance()) {
                if (deadline.exceeded()) {
                    return r.setCount(-1);
                }
                int length = it.loadValue();
                if (ctx.codec.isLive(it.loadedValue(), length, now)) {
                    count++;
                }
            }
            it.checkStatus();
        } catch (RocksDBException e) {
            return r.setError(StatusCodes.of(e));
        } catch (ValueCodec.CorruptValueException e) {
            return r.setError(StatusCode.CORRUPTION);
        }
        return r.setCount(count);
    }
}
