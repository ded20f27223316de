package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Int64Parser;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.incr_response;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.rocksdb.RocksDBException;

/**
 * incr (spec 4.5): atomic read-modify-write of a decimal int64. The result is stored as decimal ASCII, also for an
 * increment of 0. Expiry: request 0 keeps the live record's expiry, a negative request clears it, a positive one
 * replaces it; an absent or expired record starts from 0 with no expiry unless the request gives one.
 */
final class IncrWrite {
    private IncrWrite() {}

    static incr_response apply(DecreeBatch b, incr_request r) throws RocksDBException {
        PartitionId id = b.id();
        incr_response resp =
                new incr_response(StatusCode.INVALID_ARGUMENT, 0, id.appId(), id.partitionIndex(), b.decree, "");
        byte[] key = blob.bytesOf(r.getKey());
        if (!StoredKey.isValid(key)) {
            return resp;
        }
        int requested = r.getExpire_ts_seconds();
        byte[] stored = b.readLive(key);
        long base = 0;
        int expire = requested > 0 ? requested : 0;
        if (stored != null) {
            byte[] user = b.codec().user(stored);
            if (user.length > 0) {
                OptionalLong parsed = Int64Parser.parse(user);
                if (parsed.isEmpty()) {
                    return resp; // not an integer: error 4, new_value 0, nothing written
                }
                base = parsed.getAsLong();
            }
            if (requested == 0) {
                expire = b.codec().expireTs(stored);
            }
        }
        long result;
        try {
            result = Math.addExact(base, r.getIncrement());
        } catch (ArithmeticException overflow) {
            return resp.setNew_value(base); // error 4 with the old value, nothing written
        }
        b.put(key, Long.toString(result).getBytes(StandardCharsets.US_ASCII), expire);
        return resp.setError(StatusCode.OK).setNew_value(result);
    }
}
