package io.pegasus.server.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few file operations the log performs on a segment. It is a seam: production uses {@link #FILES} over a {@link
 * FileChannel}; tests wrap it to make a write or an fsync fail. Positional reads may run concurrently with appends.
 */
interface SegmentChannel extends Closeable {
    /** Writes all of {@code buffers} back to back from {@code position}. Only one thread writes at a time. */
    void write(ByteBuffer[] buffers, long position) throws IOException;

    /** Reads into {@code dst} from {@code position} until it is full or the file ends; returns the bytes read. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** fdatasync: the bytes written so far (and the file length) survive a power loss once this returns. */
    void sync() throws IOException;

    long size() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /** How segment channels are opened; the seam tests replace. */
    interface Factory {
        /** Opens an existing segment for reading and writing. */
        SegmentChannel openExisting(Path path) throws IOException;

        /** Creates a new, empty segment file; fails if it exists. */
        SegmentChannel create(Path path) throws IOException;
    }

    /** The production factory. */
    Factory FILES = new Factory() {
        @Override
        public SegmentChannel openExisting(Path path) throws IOException {
            return new FileSegmentChannel(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        }

        @Override
        public SegmentChannel create(Path path) throws IOException {
            return new FileSegmentChannel(FileChannel.open(
                    path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        }
    };

    /** A {@link SegmentChannel} over a {@link FileChannel}. */
    final class FileSegmentChannel implements SegmentChannel {
        private final FileChannel channel;
        /** Where the channel's own position is, or -1 when unknown (before the first write, after a failure). */
        private long channelPosition = -1;

        FileSegmentChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer[] buffers, long position) throws IOException {
            // FileChannel has no positional gathering write, so the channel's position is set first; the position is
            // only used by this one writer, and appends follow each other, so it is set (an lseek) only when the
            // write does not continue where the previous one ended
            long left = 0;
            for (ByteBuffer b : buffers) {
                left += b.remaining();
            }
            long end = position + left;
            long known = channelPosition;
            channelPosition = -1; // unknown until the write below completes
            if (known != position) {
                channel.position(position);
            }
            while (left > 0) {
                left -= channel.write(buffers);
            }
            channelPosition = end;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void sync() throws IOException {
            channel.force(false);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            channelPosition = -1; // truncation may move the channel's position
            channel.truncate(size);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
