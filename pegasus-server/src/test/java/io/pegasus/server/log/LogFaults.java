package io.pegasus.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
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
        SegmentChannel.Factory files = SegmentChannel.FILES;
        SegmentChannel.Factory faulty = new SegmentChannel.Factory() {
            @Override
            public SegmentChannel openExisting(Path path) throws IOException {
                return failing(files.openExisting(path), path, failing);
            }

            @Override
            public SegmentChannel create(Path path) throws IOException {
                return failing(files.create(path), path, failing);
            }
        };
        return base.toBuilder().channels(faulty).build();
    }

    private static SegmentChannel failing(SegmentChannel real, Path path, Predicate<Path> failing) {
        return new SegmentChannel() {
            @Override
            public void write(ByteBuffer[] buffers, long position) throws IOException {
                if (failing.test(path)) {
                    throw new IOException("injected: no space left on device writing " + path);
                }
                real.write(buffers, position);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public void sync() throws IOException {
                real.sync();
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void truncate(long size) throws IOException {
                real.truncate(size);
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
