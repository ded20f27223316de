package io.pegasus.rpc.server;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most {@code perSecond} lines per second and counts the rest, so a flood of bad frames cannot flood the log
 * (or slow the server down writing it). The first line after a suppressed stretch says how many were dropped.
 */
final class RateLimitedLog {
    private final Logger log;
    private final int perSecond;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, int perSecond) {
        this.log = log;
        this.perSecond = perSecond;
    }

    void warn(String format, Object... args) {
        long nowSecond = System.nanoTime() / 1_000_000_000L;
        long start = windowStart.get();
        if (nowSecond != start && windowStart.compareAndSet(start, nowSecond)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > perSecond) {
            suppressed.incrementAndGet();
            return;
        }
        long dropped = suppressed.getAndSet(0);
        if (dropped > 0) {
            log.warn("({} similar lines suppressed)", dropped);
        }
        log.warn(format, args);
    }
}
