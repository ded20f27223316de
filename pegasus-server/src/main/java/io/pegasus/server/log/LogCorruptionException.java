package io.pegasus.server.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes in a segment that are not a valid record where one must be, and that a crash cannot explain (see {@link
 * CorruptionPolicy}). Names the file and the offset of the first bad byte range.
 */
public final class LogCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public LogCorruptionException(Path file, long offset, String detail) {
        super("mutation log corrupt: " + file + " at offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
