package io.pegasus.client;

import io.pegasus.data.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The mutations of a checkAndMutate, all under the call's hash key, applied atomically in the order they were added
 * (a later mutation of the same sort key wins). Not thread-safe; build it, then pass it.
 *
 * <p>A put's TTL becomes an absolute expiry when the call is made, not when the put is added (spec 4.7).
 */
public final class Mutations {
    /** One mutation; {@code value} is null for deletes. */
    @SuppressWarnings("ArrayRecordComponent") // internal holder, never compared
    record Mutation(boolean put, byte[] sortKey, byte[] value, int ttlSeconds) {}

    private final List<Mutation> list = new ArrayList<>();

    public Mutations put(byte[] sortKey, byte[] value) {
        return put(sortKey, value, 0);
    }

    /** Puts {@code value} under {@code sortKey} with a TTL in seconds (0 = none). */
    public Mutations put(byte[] sortKey, byte[] value, int ttlSeconds) {
        list.add(new Mutation(true, sortKey, value, ttlSeconds));
        return this;
    }

    /** UTF-8 convenience form. */
    public Mutations put(String sortKey, String value) {
        return put(Bytes.utf8(sortKey), Bytes.utf8(value), 0);
    }

    /** UTF-8 convenience form with a TTL in seconds. */
    public Mutations put(String sortKey, String value, int ttlSeconds) {
        return put(Bytes.utf8(sortKey), Bytes.utf8(value), ttlSeconds);
    }

    public Mutations delete(byte[] sortKey) {
        list.add(new Mutation(false, sortKey, null, 0));
        return this;
    }

    public Mutations delete(String sortKey) {
        return delete(Bytes.utf8(sortKey));
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    List<Mutation> list() {
        return Collections.unmodifiableList(list);
    }
}
