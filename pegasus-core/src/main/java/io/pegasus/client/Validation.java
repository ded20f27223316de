package io.pegasus.client;

import io.pegasus.data.StoredKey;
import java.util.Collection;
import java.util.List;

/**
 * The checks the client makes before sending anything (spec 7.7), failing the call at once with a
 * {@link PegasusInvalidArgumentException}. The write limits (keys at most 1024 bytes, a value at most 400 KiB, at most
 * 1000 records and 1 MiB of values per multi-record write) apply only when enabled, as in the official client; the
 * protocol limits (hash key under 65535 bytes, TTLs, non-empty hash keys and lists where the protocol needs them)
 * always apply.
 */
final class Validation {
    static final int MAX_KEY_LENGTH = 1024;
    static final int MAX_VALUE_LENGTH = 400 * 1024;
    static final int MAX_MULTI_COUNT = 1000;
    static final int MAX_MULTI_VALUE_BYTES = 1024 * 1024;

    private final String table;
    private final boolean writeLimit;

    Validation(String table, boolean writeLimit) {
        this.table = table;
        this.writeLimit = writeLimit;
    }

    private PegasusInvalidArgumentException invalid(String message) {
        return new PegasusInvalidArgumentException(table, message);
    }

    /** Any hash key (null and empty allowed) must encode: shorter than 65535 bytes. */
    void hashKeyLength(byte[] hashKey) throws PegasusInvalidArgumentException {
        if (hashKey != null && hashKey.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            throw invalid("hash key length " + hashKey.length + " must be less than 65535");
        }
    }

    /** Multi-record operations need a non-empty hash key (spec 4.0). */
    void nonEmptyHashKey(byte[] hashKey) throws PegasusInvalidArgumentException {
        if (hashKey == null || hashKey.length == 0) {
            throw invalid("hash key must not be null or empty");
        }
        hashKeyLength(hashKey);
    }

    void ttl(int ttlSeconds) throws PegasusInvalidArgumentException {
        if (ttlSeconds < 0) {
            throw invalid("ttl seconds must not be negative: " + ttlSeconds);
        }
    }

    /** incr: -1 clears the expiry, 0 keeps it, positive sets it. */
    void incrTtl(int ttlSeconds) throws PegasusInvalidArgumentException {
        if (ttlSeconds < -1) {
            throw invalid("incr ttl seconds must be -1 (clear), 0 (keep) or positive: " + ttlSeconds);
        }
    }

    void nonEmpty(Collection<?> list, String what) throws PegasusInvalidArgumentException {
        if (list == null || list.isEmpty()) {
            throw invalid(what + " must not be null or empty");
        }
    }

    void notNull(Object o, String what) throws PegasusInvalidArgumentException {
        if (o == null) {
            throw invalid(what + " must not be null");
        }
    }

    /** Write limits of a single record write (set, checkAndSet's set part). */
    void writeRecord(byte[] hashKey, byte[] sortKey, byte[] value) throws PegasusInvalidArgumentException {
        if (!writeLimit) {
            return;
        }
        writeKey("hash key", hashKey);
        writeKey("sort key", sortKey);
        if (value != null && value.length > MAX_VALUE_LENGTH) {
            throw invalid("Exceed the value length threshold: " + value.length + " > " + MAX_VALUE_LENGTH);
        }
    }

    private void writeKey(String what, byte[] key) throws PegasusInvalidArgumentException {
        if (key != null && key.length > MAX_KEY_LENGTH) {
            throw invalid("Exceed the " + what + " length threshold: " + key.length + " > " + MAX_KEY_LENGTH);
        }
    }

    /** Write limits of multiSet. */
    void multiSet(byte[] hashKey, List<SortKeyValue> values) throws PegasusInvalidArgumentException {
        long total = 0;
        for (SortKeyValue kv : values) {
            if (kv == null || kv.value() == null) {
                throw invalid("multiSet values must not contain null records or null values");
            }
            total += kv.value().length;
        }
        if (!writeLimit) {
            return;
        }
        writeKey("hash key", hashKey);
        multiCount(values.size(), total);
        for (SortKeyValue kv : values) {
            writeRecord(null, kv.sortKey(), kv.value());
        }
    }

    /** Write limits of checkAndMutate. */
    void mutations(byte[] hashKey, Mutations m) throws PegasusInvalidArgumentException {
        if (!writeLimit) {
            return;
        }
        writeKey("hash key", hashKey);
        long total = 0;
        for (Mutations.Mutation x : m.list()) {
            writeRecord(null, x.sortKey(), x.value());
            total += x.value() == null ? 0 : x.value().length;
        }
        multiCount(m.size(), total);
    }

    private void multiCount(int count, long valueBytes) throws PegasusInvalidArgumentException {
        if (count > MAX_MULTI_COUNT) {
            throw invalid("Exceed the multi-record count threshold: " + count + " > " + MAX_MULTI_COUNT);
        }
        if (valueBytes > MAX_MULTI_VALUE_BYTES) {
            throw invalid(
                    "Exceed the multi-record value size threshold: " + valueBytes + " > " + MAX_MULTI_VALUE_BYTES);
        }
    }
}
