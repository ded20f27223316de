package io.pegasus.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared helpers for the mutation log tests: deterministic records and raw file surgery. */
final class LogTesting {
    private LogTesting() {}

    /** A record whose payload is a pure function of (ballot, decree, size), so any reader can check it. */
    static LogRecord record(long ballot, long decree, int size) {
        byte[] payload = new byte[size];
        new Random(decree * 1_000_003L + ballot).nextBytes(payload);
        return new LogRecord(ballot, decree, 1_700_000_000_000_000L + decree, payload);
    }

    /** Appends decrees {@code from..to} one at a time, each waited for. */
    static void appendAll(MutationLog log, long ballot, long from, long to, int size) {
        for (long d = from; d <= to; d++) {
            log.append(record(ballot, d, size)).join();
        }
    }

    /**
     * Occupies all {@code threads} threads of {@code executor} until the returned latch is counted down, so that the
     * logs' flush tasks queue up behind it; returns once every thread is held.
     */
    static CountDownLatch blockExecutor(Executor executor, int threads) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            executor.execute(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (!blocked.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("executor threads not all held after 10 s");
        }
        return release;
    }

    /** Copies the folder {@code from} with everything in it to {@code to}: a node's disk as a crash left it. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static List<LogRecord> replayAll(MutationLog log) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        log.replay(0, out::add);
        return out;
    }

    static List<Long> decrees(List<LogRecord> records) {
        return records.stream().map(LogRecord::decree).toList();
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Segment.parseSeq(p.getFileName().toString()) >= 0)
                    .sorted((a, b) -> Long.compare(
                            Segment.parseSeq(a.getFileName().toString()),
                            Segment.parseSeq(b.getFileName().toString())))
                    .toList();
        }
    }

    /** Offset of the {@code i}-th record (from 0) of a segment whose records all have {@code payload} bytes. */
    static long recordOffset(int i, int payload) {
        return LogFormat.SEGMENT_HEADER_BYTES + (long) i * (LogFormat.RECORD_HEADER_BYTES + payload);
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
            ch.write(b, offset);
        }
    }

    static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    /** The segment appends go to (tests only look). */
    static Segment activeSegment(MutationLog log) {
        return log.activeSegment();
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advanceMillis(long delta) {
            millis += delta;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
