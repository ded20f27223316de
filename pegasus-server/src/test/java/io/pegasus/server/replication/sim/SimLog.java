package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-memory mutation log with an unflushed tail: an append is durable only once its completion has been delivered;
 * a crash loses every append not yet completed. Truncation is durable at once. Replay resolves, per decree, the last
 * version written (a re-proposal under a higher ballot supersedes the older one).
 */
public final class SimLog {

    private final List<Mutation> durable = new ArrayList<>();
    private final List<Mutation> unflushed = new ArrayList<>();
    private long gcUpTo;
    private boolean failNext;
    private long appends;
    private final List<Long> appendedDecrees = new ArrayList<>();

    void append(Mutation m) {
        unflushed.add(m);
        appends++;
        appendedDecrees.add(m.decree());
    }

    /** Decrees in the order they were appended (including re-appends after a truncation), since the start. */
    public List<Long> appendedDecrees() {
        return List.copyOf(appendedDecrees);
    }

    /** The append of {@code m} completed: it is durable. False if it was truncated (or lost) in between. */
    @SuppressWarnings("ReferenceEquality") // identifies this very append, not an equal mutation appended again
    boolean complete(Mutation m) {
        for (int i = 0; i < unflushed.size(); i++) {
            if (unflushed.get(i) == m) {
                unflushed.remove(i);
                durable.add(m);
                return true;
            }
        }
        return false;
    }

    /** The append of {@code m} failed: it never becomes durable. */
    @SuppressWarnings("ReferenceEquality") // identifies this very append
    void fail(Mutation m) {
        unflushed.removeIf(u -> u == m);
    }

    void truncateAfter(long decree) {
        durable.removeIf(m -> m.decree() > decree);
        unflushed.removeIf(m -> m.decree() > decree);
    }

    /** A crash: the unflushed tail is gone. */
    void crash() {
        unflushed.clear();
    }

    /** A learner installed a state: the log restarts with exactly these (durable) mutations. */
    void reset(List<Mutation> mutations) {
        durable.clear();
        unflushed.clear();
        durable.addAll(mutations);
        gcUpTo = 0;
    }

    /** Deletes whole history up to {@code decree} (it is durable in storage). */
    public void gc(long decree) {
        durable.removeIf(m -> m.decree() <= decree);
        gcUpTo = Math.max(gcUpTo, decree);
    }

    /** The next append will fail (the replica gets {@code LogFailed}). */
    public void failNextAppend() {
        failNext = true;
    }

    /** Cancels an injected failure that has not struck yet. */
    public void clearFaults() {
        failNext = false;
    }

    boolean takeFailNext() {
        boolean f = failNext;
        failNext = false;
        return f;
    }

    /** The current version of each durable decree. */
    NavigableMap<Long, Mutation> resolved() {
        TreeMap<Long, Mutation> byDecree = new TreeMap<>();
        for (Mutation m : durable) {
            byDecree.put(m.decree(), m);
        }
        return byDecree;
    }

    /** Durable mutations after {@code fromExclusive}, consecutive (stops at the first gap). */
    List<Mutation> replay(long fromExclusive) {
        NavigableMap<Long, Mutation> byDecree = resolved();
        List<Mutation> out = new ArrayList<>();
        for (long d = fromExclusive + 1; byDecree.containsKey(d); d++) {
            out.add(byDecree.get(d));
        }
        return out;
    }

    /** True if every decree in {@code (fromExclusive, toInclusive]} is durable here. */
    boolean covers(long fromExclusive, long toInclusive) {
        if (fromExclusive < gcUpTo) {
            return false;
        }
        NavigableMap<Long, Mutation> byDecree = resolved();
        for (long d = fromExclusive + 1; d <= toInclusive; d++) {
            if (!byDecree.containsKey(d)) {
                return false;
            }
        }
        return true;
    }

    public int unflushedCount() {
        return unflushed.size();
    }

    public long appendCount() {
        return appends;
    }
}
