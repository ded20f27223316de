package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.WriteRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * In-memory storage of one replica, durable across crashes (like RocksDB with its WAL): the applied mutations by
 * decree and the resulting key-value map. Applying out of decree order is a protocol bug and fails the test.
 */
public final class SimStorage {

    /** A checkpoint: everything applied up to {@code decree}. */
    record Snapshot(long decree, TreeMap<Long, Mutation> applied, Map<String, String> data) {}

    private TreeMap<Long, Mutation> applied = new TreeMap<>();
    private Map<String, String> data = new HashMap<>();
    private long lastApplied;

    /** Applies the mutation's writes in order; returns each write's result ({@link KvMutation#applyTo}). */
    List<Object> apply(Mutation m) {
        if (m.decree() != lastApplied + 1) {
            throw new AssertionError("apply of decree " + m.decree() + " after " + lastApplied);
        }
        applied.put(m.decree(), m);
        List<Object> results = new ArrayList<>(m.writes().size());
        for (WriteRequest w : m.writes()) {
            results.add(((KvMutation) w.payload()).applyTo(data));
        }
        lastApplied = m.decree();
        return results;
    }

    Snapshot checkpoint() {
        return new Snapshot(lastApplied, new TreeMap<>(applied), new HashMap<>(data));
    }

    void restore(Snapshot s) {
        applied = new TreeMap<>(s.applied());
        data = new HashMap<>(s.data());
        lastApplied = s.decree();
    }

    public long lastApplied() {
        return lastApplied;
    }

    public String get(String key) {
        return data.get(key);
    }

    public Mutation appliedAt(long decree) {
        return applied.get(decree);
    }

    public Map<String, String> data() {
        return Map.copyOf(data);
    }

    /** The applied history as comparable content: per decree, the writes (ballots differ after reconciliation). */
    public List<List<WriteRequest>> history() {
        List<List<WriteRequest>> out = new ArrayList<>();
        for (Mutation m : applied.values()) {
            out.add(m.writes());
        }
        return out;
    }
}
