package io.pegasus.server.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open scan contexts of one partition (spec 4.13 item 5, 4.14, 7.5).
 *
 * <ul>
 *   <li>Ids are non-negative and single-use: {@link #take} removes the context, and a continued scan is registered
 *       again under a fresh id. An id never repeats within 2^32 registrations.
 *   <li>Ids carry a random 31-bit prefix in their upper half (from the engine's seeded Random), so ids of another
 *       partition incarnation, or from before a restart, are unlikely to hit a live context.
 *   <li>A context unused for {@code idleMillis} expires; beyond {@code maxContexts} the least recently used one is
 *       evicted. Both close the context, releasing its native iterator.
 * </ul>
 *
 * Thread-safe (all methods synchronized; a context is only used by whoever took it out).
 */
final class ScannerRegistry implements AutoCloseable {
    private final long idPrefix;
    private final long idleMillis;
    private final int maxContexts;
    /** Insertion order = last-use order, because every use removes and re-inserts under a new id. */
    private final LinkedHashMap<Long, ScanContext> contexts = new LinkedHashMap<>();

    private int counter;
    private boolean closed;

    ScannerRegistry(int randomPrefix, long idleMillis, int maxContexts) {
        this.idPrefix = ((long) (randomPrefix & 0x7FFF_FFFF)) << 32;
        this.idleMillis = idleMillis;
        this.maxContexts = maxContexts;
    }

    /** Stores a context and returns its new id (>= 0), or -1 if the registry is closed (the context is closed). */
    long register(ScanContext context, long nowMillis) {
        List<ScanContext> toClose = new ArrayList<>();
        long id;
        synchronized (this) {
            if (closed) {
                toClose.add(context);
                id = -1;
            } else {
                expireLocked(nowMillis, toClose);
                id = idPrefix | (counter++ & 0xFFFF_FFFFL);
                context.touch(nowMillis);
                contexts.put(id, context);
                while (contexts.size() > maxContexts) {
                    Iterator<ScanContext> eldest = contexts.values().iterator();
                    toClose.add(eldest.next());
                    eldest.remove();
                }
            }
        }
        toClose.forEach(ScanContext::close);
        return id;
    }

    /** Removes and returns the context with this id, or null if unknown, expired, cleared or already taken. */
    ScanContext take(long id, long nowMillis) {
        List<ScanContext> toClose = new ArrayList<>();
        ScanContext c;
        synchronized (this) {
            expireLocked(nowMillis, toClose);
            c = contexts.remove(id);
        }
        toClose.forEach(ScanContext::close);
        return c;
    }

    /** Discards a context if it exists (CLEAR_SCANNER). */
    void clear(long id) {
        ScanContext c;
        synchronized (this) {
            c = contexts.remove(id);
        }
        if (c != null) {
            c.close();
        }
    }

    /** Closes contexts idle for too long; returns how many. */
    int expireIdle(long nowMillis) {
        List<ScanContext> toClose = new ArrayList<>();
        synchronized (this) {
            expireLocked(nowMillis, toClose);
        }
        toClose.forEach(ScanContext::close);
        return toClose.size();
    }

    synchronized int size() {
        return contexts.size();
    }

    private void expireLocked(long nowMillis, List<ScanContext> toClose) {
        Iterator<Map.Entry<Long, ScanContext>> i = contexts.entrySet().iterator();
        while (i.hasNext()) {
            ScanContext c = i.next().getValue();
            if (nowMillis - c.lastUsedMillis() < idleMillis) {
                break; // the rest were used later
            }
            toClose.add(c);
            i.remove();
        }
    }

    @Override
    public void close() {
        List<ScanContext> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(contexts.values());
            contexts.clear();
        }
        toClose.forEach(ScanContext::close);
    }
}
