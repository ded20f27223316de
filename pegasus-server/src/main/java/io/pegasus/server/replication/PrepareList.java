package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's in-memory window on its mutations: the uncommitted ones, decrees {@code (committed, prepared]}, plus up
 * to {@code cacheSize} of the most recent committed ones, kept so that a learner close behind can be caught up from
 * memory.
 *
 * <p>Invariants: decrees are consecutive from the first cached one to {@code preparedDecree()}; committed mutations
 * never change; a mutation commits only after it is logged here (durable), and only in decree order.
 */
final class PrepareList {

    private static final class Entry {
        final Mutation mutation;
        boolean logged;

        Entry(Mutation mutation, boolean logged) {
            this.mutation = mutation;
            this.logged = logged;
        }
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final int cacheSize;
    private long committed;

    PrepareList(long committedDecree, int cacheSize) {
        this.committed = committedDecree;
        this.cacheSize = cacheSize;
    }

    long committedDecree() {
        return committed;
    }

    long preparedDecree() {
        return entries.isEmpty() ? committed : Math.max(committed, entries.lastKey());
    }

    /** The mutation at {@code decree} if it is in memory, else null. */
    Mutation get(long decree) {
        Entry e = entries.get(decree);
        return e == null ? null : e.mutation;
    }

    /** Ballot of the mutation at {@code decree}, or {@link ReplicaMessage#NO_BALLOT} if not in memory. */
    long ballotAt(long decree) {
        Entry e = entries.get(decree);
        return e == null ? ReplicaMessage.NO_BALLOT : e.mutation.ballot();
    }

    boolean isLogged(long decree) {
        Entry e = entries.get(decree);
        return e != null && e.logged;
    }

    /** Highest decree such that every decree in {@code (committed, it]} is logged. */
    long loggedPrefix() {
        long d = committed;
        while (isLogged(d + 1)) {
            d++;
        }
        return d;
    }

    /** Adds the next decree. */
    void append(Mutation m, boolean logged) {
        if (m.decree() != preparedDecree() + 1) {
            throw new IllegalStateException("append of " + m + " after prepared decree " + preparedDecree());
        }
        entries.put(m.decree(), new Entry(m, logged));
    }

    /** Drops every uncommitted mutation from {@code m.decree()} on and puts {@code m} in its place (not logged). */
    void replaceFrom(Mutation m) {
        long d = m.decree();
        if (d <= committed || d > preparedDecree()) {
            throw new IllegalStateException("cannot replace decree " + d + " in " + this);
        }
        entries.tailMap(d, true).clear();
        entries.put(d, new Entry(m, false));
    }

    /** Same decree, new content (reconciliation under a new ballot); later decrees stay. Not logged until told. */
    void rewrite(Mutation m) {
        long d = m.decree();
        if (d <= committed || !entries.containsKey(d)) {
            throw new IllegalStateException("cannot rewrite decree " + d + " in " + this);
        }
        entries.put(d, new Entry(m, false));
    }

    /** Marks {@code (ballot, decree)} durable; false if that exact mutation is no longer here. */
    boolean markLogged(long ballot, long decree) {
        Entry e = entries.get(decree);
        if (e == null || e.mutation.ballot() != ballot) {
            return false;
        }
        e.logged = true;
        return true;
    }

    /** The next mutation to commit if it is here and logged, else null. */
    Mutation nextCommittable() {
        Entry e = entries.get(committed + 1);
        return e != null && e.logged ? e.mutation : null;
    }

    /** Commits the next decree; the caller checked {@link #nextCommittable()}. */
    Mutation commitNext() {
        Mutation m = nextCommittable();
        if (m == null) {
            throw new IllegalStateException("decree " + (committed + 1) + " is not committable");
        }
        committed++;
        evict();
        return m;
    }

    /** Drops every mutation above {@code decree}, which must not be below the committed decree. */
    void truncateAfter(long decree) {
        if (decree < committed) {
            throw new IllegalStateException("cannot truncate committed decrees: " + decree + " < " + committed);
        }
        entries.tailMap(decree, false).clear();
    }

    /** Forgets everything: storage now holds exactly decrees {@code <= decree} (a learner installed a state). */
    void resetTo(long decree) {
        entries.clear();
        committed = decree;
    }

    /** Uncommitted mutations in decree order. */
    List<Mutation> uncommitted() {
        List<Mutation> out = new ArrayList<>();
        for (Entry e : entries.tailMap(committed, false).values()) {
            out.add(e.mutation);
        }
        return out;
    }

    /** Mutations {@code (fromExclusive, toInclusive]} if all of them are in memory, else null. */
    List<Mutation> range(long fromExclusive, long toInclusive) {
        if (toInclusive <= fromExclusive) {
            return List.of();
        }
        if (!entries.containsKey(fromExclusive + 1) || !entries.containsKey(toInclusive)) {
            return null;
        }
        List<Mutation> out = new ArrayList<>();
        for (Map.Entry<Long, Entry> e :
                entries.subMap(fromExclusive, false, toInclusive, true).entrySet()) {
            out.add(e.getValue().mutation);
        }
        return out;
    }

    /** Latest timestamp among the mutations in memory, or 0. */
    long lastTimestampMicros() {
        long ts = 0;
        for (Entry e : entries.values()) {
            ts = Math.max(ts, e.mutation.timestampMicros());
        }
        return ts;
    }

    private void evict() {
        while (!entries.isEmpty() && entries.firstKey() <= committed - cacheSize) {
            entries.pollFirstEntry();
        }
    }

    @Override
    public String toString() {
        return "prepareList{committed=" + committed + ", prepared=" + preparedDecree() + ", cached="
                + (entries.isEmpty() ? "none" : entries.firstKey() + ".." + entries.lastKey()) + "}";
    }
}
