package io.pegasus.server.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production segment channel sets the file position only when a write does not continue the previous one: the
 * bytes must still land where each write says, whatever order the writes come in.
 */
class FileSegmentChannelTest {
    @TempDir
    Path dir;

    @Test
    void appendsLandBackToBack() throws IOException {
        Path f = dir.resolve("seg");
        try (SegmentChannel c = SegmentChannel.FILES.create(f)) {
            c.write(buffers("head", "er"), 0);
            c.write(buffers("body"), 6);
            c.write(buffers("tail"), 10);
        }
        assertEquals("headerbodytail", content(f));
    }

    @Test
    void aWriteElsewhereThanThePreviousEndLandsWhereItSays() throws IOException {
        Path f = dir.resolve("seg");
        try (SegmentChannel c = SegmentChannel.FILES.create(f)) {
            c.write(buffers("0000000000"), 10); // ahead, as segment preallocation writes zeros
            c.write(buffers("abc"), 0); // back to the start
            c.write(buffers("def"), 3); // continues the previous write
            c.write(buffers("XY"), 18); // inside the preallocated zeros
            c.write(buffers("ghi"), 6); // back again
        }
        assertEquals("abcdefghi\0" + "00000000XY", content(f));
    }

    @Test
    void aWriteAfterTruncationLandsWhereItSays() throws IOException {
        Path f = dir.resolve("seg");
        try (SegmentChannel c = SegmentChannel.FILES.create(f)) {
            c.write(buffers("abcdefgh"), 0);
            c.truncate(4);
            c.write(buffers("XY"), 4);
            assertEquals(6, c.size());
            ByteBuffer read = ByteBuffer.allocate(6);
            assertEquals(6, c.read(read, 0));
            assertArrayEquals("abcdXY".getBytes(StandardCharsets.US_ASCII), read.array());
        }
    }

    private static ByteBuffer[] buffers(String... parts) {
        ByteBuffer[] out = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = ByteBuffer.wrap(parts[i].getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    private static String content(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.US_ASCII);
    }
}
