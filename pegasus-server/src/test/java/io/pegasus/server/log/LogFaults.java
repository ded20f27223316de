package io.pegasus.server.log;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * For tests outside this package: log options whose segment files fail their writes, as a full disk would, while a
 * condition on the file's path holds (so that one replica's log can fail and the node journal not).
 */
public final class LogFaults {
    private LogFaults() {}

    /** {@code base}, with every write to a segment whose path satisfies {@code failing} (tested per write) failing. */
    public static LogOptions failingWrites(LogOptions base, Predicate<Path> failing) {
        FaultyChannels channels = new FaultyChannels();
        channels.failWritesTo = failing;
        return base.toBuilder().channels(channels).build();
    }
}
