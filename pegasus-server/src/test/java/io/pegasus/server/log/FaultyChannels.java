package io.pegasus.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Real segment files whose next write, fsync or creation can be made to fail, as a full disk or a dying device would:
 * the seam {@link SegmentChannel.Factory} exists for this.
 */
final class FaultyChannels implements SegmentChannel.Factory {
    final AtomicBoolean failNextWrite = new AtomicBoolean();
    final AtomicBoolean failNextSync = new AtomicBoolean();
    final AtomicBoolean failNextCreate = new AtomicBoolean();
    /** Every write to a segment whose path satisfies this (tested per write) fails, as on a full disk. */
    volatile Predicate<Path> failWritesTo = path -> false;

    @Override
    public SegmentChannel openExisting(Path path) throws IOException {
        return new Faulty(SegmentChannel.FILES.openExisting(path), path);
    }

    @Override
    public SegmentChannel create(Path path) throws IOException {
        if (failNextCreate.getAndSet(false)) {
            throw new IOException("injected: no space left on device");
        }
        return new Faulty(SegmentChannel.FILES.create(path), path);
    }

    private final class Faulty implements SegmentChannel {
        private final SegmentChannel real;
        private final Path path;

        Faulty(SegmentChannel real, Path path) {
            this.real = real;
            this.path = path;
        }

        @Override
        public void write(ByteBuffer[] buffers, long position) throws IOException {
            if (failNextWrite.getAndSet(false)) {
                throw new IOException("injected: input/output error on write");
            }
            if (failWritesTo.test(path)) {
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
            if (failNextSync.getAndSet(false)) {
                throw new IOException("injected: input/output error on fsync");
            }
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
    }
}
