package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.update_request;
import io.pegasus.thrift.update_response;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * put, multi_put, remove and multi_remove (spec 4.1-4.4): writes that do not depend on the current state. Every
 * request is validated in full before its first record enters the batch, so a rejected request writes nothing.
 */
final class BlindWrites {
    private BlindWrites() {}

    /** Unconditional overwrite. The server-internal fields 4-7 of update_request are ignored. */
    static update_response put(DecreeBatch b, update_request r) throws RocksDBException {
        byte[] key = blob.bytesOf(r.getKey());
        byte[] value = blob.bytesOf(r.getValue());
        if (!StoredKey.isValid(key) || value.length > b.maxValueBytes()) {
            return response(b, StatusCode.INVALID_ARGUMENT);
        }
        b.put(key, value, r.getExpire_ts_seconds());
        return response(b, StatusCode.OK);
    }

    /** All pairs with one expiry, in order: a sort key repeated in the request ends with its last value. */
    static update_response multiPut(DecreeBatch b, multi_put_request r) throws RocksDBException {
        byte[] hk = blob.bytesOf(r.getHash_key());
        List<key_value> kvs = r.getKvs();
        if (kvs == null || kvs.isEmpty() || hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            return response(b, StatusCode.INVALID_ARGUMENT);
        }
        for (key_value kv : kvs) {
            if (blob.bytesOf(kv.getValue()).length > b.maxValueBytes()) {
                return response(b, StatusCode.INVALID_ARGUMENT);
            }
        }
        for (key_value kv : kvs) {
            b.put(
                    StoredKey.encode(hk, blob.bytesOf(kv.getKey())),
                    blob.bytesOf(kv.getValue()),
                    r.getExpire_ts_seconds());
        }
        return response(b, StatusCode.OK);
    }

    /** Deletes the record; OK whether or not it existed. */
    static update_response remove(DecreeBatch b, blob storedKey) throws RocksDBException {
        byte[] key = blob.bytesOf(storedKey);
        if (!StoredKey.isValid(key)) {
            return response(b, StatusCode.INVALID_ARGUMENT);
        }
        b.delete(key);
        return response(b, StatusCode.OK);
    }

    /** Deletes every listed sort key; {@code count} is the number of keys in the request (spec 4.4). */
    static multi_remove_response multiRemove(DecreeBatch b, multi_remove_request r) throws RocksDBException {
        PartitionId id = b.id();
        multi_remove_response resp = new multi_remove_response(
                StatusCode.INVALID_ARGUMENT, 0, id.appId(), id.partitionIndex(), b.decree, "");
        byte[] hk = blob.bytesOf(r.getHash_key());
        List<blob> sortKeys = r.getSort_keys();
        if (sortKeys == null || sortKeys.isEmpty() || hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            return resp;
        }
        for (blob sk : sortKeys) {
            b.delete(StoredKey.encode(hk, blob.bytesOf(sk)));
        }
        return resp.setError(StatusCode.OK).setCount(sortKeys.size());
    }

    static update_response response(DecreeBatch b, int error) {
        PartitionId id = b.id();
        return new update_response(error, id.appId(), id.partitionIndex(), b.decree, "");
    }
}
