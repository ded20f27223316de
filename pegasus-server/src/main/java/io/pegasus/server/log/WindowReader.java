package io.pegasus.server.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads a segment through a 1 MiB window, so a recovery scan costs one read call per MiB, not per record. */
final class WindowReader {
    private static final int WINDOW = 1 << 20;

    private final SegmentChannel channel;
    private final long fileSize;
    private ByteBuffer buffer = ByteBuffer.allocate(WINDOW);
    private long start;
    private int valid;

    WindowReader(SegmentChannel channel, long fileSize) {
        this.channel = channel;
        this.fileSize = fileSize;
    }

    /**
     * Makes the bytes {@code [offset, offset + length)} available in {@link #buffer()} and returns the index of the
     * first one. The range must lie within the file.
     */
    int load(long offset, int length) throws IOException {
        if (offset >= start && offset + length <= start + valid) {
            return (int) (offset - start);
        }
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocate(length);
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), fileSize - offset));
        int n = channel.read(buffer, offset);
        start = offset;
        valid = n;
        if (n < length) {
            throw new EOFException("short read at offset " + offset + ": " + n + " of " + length + " bytes");
        }
        return 0;
    }

    ByteBuffer buffer() {
        return buffer;
    }
}
