package io.pegasus.bench.ycsb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import site.ycsb.Status;

/**
 * Prints the first few failures of each binding to stderr, so that a row with failures in the table can be explained
 * from the run's output; a binding otherwise only returns {@link Status#ERROR}.
 */
final class Failures {
    private static final int SHOWN_PER_SYSTEM = 3;
    private static final ConcurrentHashMap<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    private Failures() {}

    static Status note(String system, String operation, Exception e) {
        if (SEEN.computeIfAbsent(system, s -> new AtomicInteger()).getAndIncrement() < SHOWN_PER_SYSTEM) {
            System.err.println(system + " " + operation + " failed: " + e);
        }
        return Status.ERROR;
    }
}
