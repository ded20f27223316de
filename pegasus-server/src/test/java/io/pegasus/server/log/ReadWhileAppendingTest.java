package io.pegasus.server.log;

import static io.pegasus.server.log.LogTesting.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A learner reads ranges from the log while the primary keeps appending, across segment rolls and GC; also with the
 * log's records in a buffer on their way to its file (a partition log under the node journal).
 */
class ReadWhileAppendingTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "buffered {0}")
    @ValueSource(booleans = {false, true})
    void readersSeeCompleteCorrectRecordsWhileAppendsAndGcContinue(boolean buffered) throws Exception {
        int total = 3000;
        Path dir = Files.createDirectories(root.resolve("replica/1.0.pegasus/plog"));
        LogOptions.Builder options = LogOptions.builder().segmentBytes(64 << 10);
        try (NodeJournal journal =
                        buffered ? NodeJournal.open(root, root.resolve("slog"), LogOptions.defaults()) : null;
                MutationLog log = MutationLog.open(
                        dir,
                        buffered
                                ? options.journal(journal)
                                        .journaledBufferBytes(8 << 10)
                                        .build()
                                : options.build())) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicLong gcRaces = new AtomicLong();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Random random = new Random(t);
                Thread reader = new Thread(() -> {
                    try {
                        while (!done.get()) {
                            long first = log.firstDecree();
                            long last = log.lastDecree();
                            if (last <= first) {
                                Thread.yield();
                                continue;
                            }
                            long from = first - 1 + random.nextInt((int) (last - first));
                            long to = Math.min(last, from + 1 + random.nextInt(50));
                            List<LogRecord> got;
                            try {
                                got = log.read(from, to);
                            } catch (DecreeNotInLogException e) {
                                // only allowed for decrees GC deleted meanwhile
                                assertThat(e.decree()).isLessThan(log.firstDecree());
                                gcRaces.incrementAndGet();
                                continue;
                            }
                            assertThat(got).hasSize((int) (to - from));
                            for (LogRecord r : got) {
                                assertThat(r).isEqualTo(record(1, r.decree(), 200));
                            }
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                readers.add(reader);
                reader.start();
            }
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (long d = 1; d <= total; d++) {
                inFlight.add(log.append(record(1, d, 200)));
                if (d % 16 == 0) {
                    CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
                            .get(30, TimeUnit.SECONDS);
                    inFlight.clear();
                }
                if (d == 16) {
                    // the readers run before the appends go on: on a loaded machine their threads may start late,
                    // after every append, and never overlap them
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (reads.get() == 0 && errors.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                }
                if (d % 500 == 0) {
                    log.gc(d - 300);
                }
            }
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
                    .get(30, TimeUnit.SECONDS);
            done.set(true);
            for (Thread r : readers) {
                r.join();
            }
            assertThat(errors).isEmpty();
            assertThat(reads.get()).isGreaterThan(gcRaces.get());
            assertThat(log.lastDecree()).isEqualTo(total);
            assertThat(log.segments().size()).isGreaterThan(1);
        }
    }
}
