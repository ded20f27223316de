package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * The window as a ring: decree {@code firstDecree + i} is at {@code ring[(head + i) & (ring.length - 1)]} for
     * {@code i < size}. Decrees are consecutive, so a decree's slot is arithmetic: the secondary looks up the next
     * committable decree on every prepare, and a tree map there was a tenth of the write path's CPU samples.
     */
    private Entry[] ring = new Entry[16];

    private int head;
    private int size;
    private long firstDecree;
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
        return size == 0 ? committed : Math.max(committed, lastDecree());
    }

    /** The mutation at {@code decree} if it is in memory, else null. */
    Mutation get(long decree) {
        Entry e = entry(decree);
        return e == null ? null : e.mutation;
    }

    /** Ballot of the mutation at {@code decree}, or {@link ReplicaMessage#NO_BALLOT} if not in memory. */
    long ballotAt(long decree) {
        Entry e = entry(decree);
        return e == null ? ReplicaMessage.NO_BALLOT : e.mutation.ballot();
    }

    boolean isLogged(long decree) {
        Entry e = entry(decree);
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
        addLast(m.decree(), new Entry(m, logged));
    }

    /** Drops every uncommitted mutation from {@code m.decree()} on and puts {@code m} in its place (not logged). */
    void replaceFrom(Mutation m) {
        long d = m.decree();
        if (d <= committed || d > preparedDecree()) {
            throw new IllegalStateException("cannot replace decree " + d + " in " + this);
        }
        truncateFrom(d);
        addLast(d, new Entry(m, false));
    }

    /** Same decree, new content (reconciliation under a new ballot); later decrees stay. Not logged until told. */
    void rewrite(Mutation m) {
        long d = m.decree();
        if (d <= committed || entry(d) == null) {
            throw new IllegalStateException("cannot rewrite decree " + d + " in " + this);
        }
        ring[slot(d)] = new Entry(m, false);
    }

    /** Marks {@code (ballot, decree)} durable; false if that exact mutation is no longer here. */
    boolean markLogged(long ballot, long decree) {
        Entry e = entry(decree);
        if (e == null || e.mutation.ballot() != ballot) {
            return false;
        }
        e.logged = true;
        return true;
    }

    /** The next mutation to commit if it is here and logged, else null. */
    Mutation nextCommittable() {
        Entry e = entry(committed + 1);
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
        truncateFrom(decree + 1);
    }

    /** Forgets everything: storage now holds exactly decrees {@code <= decree} (a learner installed a state). */
    void resetTo(long decree) {
        truncateFrom(Long.MIN_VALUE);
        committed = decree;
    }

    /** Uncommitted mutations in decree order. */
    List<Mutation> uncommitted() {
        List<Mutation> out = new ArrayList<>();
        for (long d = Math.max(committed + 1, firstDecree); size > 0 && d <= lastDecree(); d++) {
            out.add(ring[slot(d)].mutation);
        }
        return out;
    }

    /** Mutations {@code (fromExclusive, toInclusive]} if all of them are in memory, else null. */
    List<Mutation> range(long fromExclusive, long toInclusive) {
        if (toInclusive <= fromExclusive) {
            return List.of();
        }
        if (entry(fromExclusive + 1) == null || entry(toInclusive) == null) {
            return null;
        }
        List<Mutation> out = new ArrayList<>();
        for (long d = fromExclusive + 1; d <= toInclusive; d++) {
            out.add(ring[slot(d)].mutation);
        }
        return out;
    }

    /** Latest timestamp among the mutations in memory, or 0. */
    long lastTimestampMicros() {
        long ts = 0;
        for (int i = 0; i < size; i++) {
            ts = Math.max(ts, ring[(head + i) & (ring.length - 1)].mutation.timestampMicros());
        }
        return ts;
    }

    private void evict() {
        while (size > 0 && firstDecree <= committed - cacheSize) {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            firstDecree++;
            size--;
        }
    }

    private long lastDecree() {
        return firstDecree + size - 1;
    }

    private int slot(long decree) {
        return (int) ((head + (decree - firstDecree)) & (ring.length - 1));
    }

    private Entry entry(long decree) {
        return size > 0 && decree >= firstDecree && decree <= lastDecree() ? ring[slot(decree)] : null;
    }

    /**
     * Puts {@code decree} after the last one. A decree that does not follow the last (possible only when every
     * mutation here is committed and the caller moved the committed decree past them) starts the window anew: the
     * ring holds consecutive decrees only, and committed mutations are a cache.
     */
    private void addLast(long decree, Entry e) {
        if (size > 0 && decree != lastDecree() + 1) {
            truncateFrom(Long.MIN_VALUE);
        }
        if (size == 0) {
            head = 0;
            firstDecree = decree;
        } else if (size == ring.length) {
            Entry[] bigger = new Entry[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        size++;
        ring[slot(decree)] = e;
    }

    /** Drops every decree from {@code decree} on. */
    private void truncateFrom(long decree) {
        int keep = size == 0 || decree <= firstDecree ? 0 : (int) Math.min(size, decree - firstDecree);
        for (int i = keep; i < size; i++) {
            ring[(head + i) & (ring.length - 1)] = null;
        }
        size = keep;
    }

    @Override
    public String toString() {
        return "prepareList{committed=" + committed + ", prepared=" + preparedDecree() + ", cached="
                + (size == 0 ? "none" : firstDecree + ".." + lastDecree()) + "}";
    }
}
