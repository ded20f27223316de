package io.pegasus.server.log;

import io.pegasus.server.log.OpenReport.Kind;
import io.pegasus.server.log.OpenReport.Repair;
import io.pegasus.server.log.SegmentScanner.Scan;
import io.pegasus.server.log.SegmentScanner.Survivors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a log folder, checks every record, repairs what a crash explains, applies the corruption
 * policy to what it does not, and rebuilds the {@link DecreeIndex}. The rule, in docs/mutation-log.md:
 *
 * <ul>
 *   <li>a sealed segment (any but the last) was fsynced in full before its successor existed, so any damage in it is
 *       corruption;
 *   <li>in the last segment, damage with no valid record after it is a torn tail; damage followed by valid records is
 *       a torn tail if no later record says the damaged bytes had been fsynced (a power loss may persist pages out of
 *       order), and corruption if one does.
 * </ul>
 *
 * A torn tail is cut at the last valid record; corruption fails the open or, under {@link CorruptionPolicy#TRUNCATE},
 * is cut too, with every later segment deleted. Each cut is reported.
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private LogRecovery() {}

    /** The recovered state: open segments (oldest first), the index, and the report. */
    record Recovered(List<Segment> segments, DecreeIndex index, OpenReport report, long nextSeq) {}

    static Recovered recover(Path dir, LogOptions options) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = segmentFiles(dir, true);
        List<Segment> kept = new ArrayList<>();
        List<Repair> repairs = new ArrayList<>();
        DecreeIndex index = new DecreeIndex();
        long[] records = {0};
        long maxSeq = 0;
        boolean cut = false;
        boolean deleted = false;
        try {
            for (int i = 0; i < files.size(); i++) {
                Path path = files.get(i);
                long seq = Segment.parseSeq(path.getFileName().toString());
                maxSeq = Math.max(maxSeq, seq);
                if (cut) {
                    long size = Files.size(path);
                    Files.delete(path);
                    deleted = true;
                    repairs.add(report(new Repair(
                            Kind.SEGMENT_DROPPED, path, 0, size, "follows a cut in an earlier segment", 0, 0, 0)));
                    continue;
                }
                boolean last = i == files.size() - 1;
                SegmentChannel channel = options.channels().openExisting(path);
                Segment segment = new Segment(seq, path, channel, 0);
                boolean keep = false;
                try {
                    Scan scan = SegmentScanner.scan(channel, (h, offset) -> {
                        records[0]++;
                        segment.noteRecord(h.decree(), h.timestampMicros(), h.type() == LogFormat.TYPE_MUTATION);
                        index.apply(
                                h.type(), h.ballot(), h.decree(), DecreeIndex.location(seq, offset), h.payloadLength());
                    });
                    if (scan.seq() != seq) {
                        if (last && scan.fileSize() <= LogFormat.SEGMENT_HEADER_BYTES) {
                            repairs.add(report(new Repair(
                                    Kind.TORN_SEGMENT_HEADER,
                                    path,
                                    0,
                                    scan.fileSize(),
                                    "segment header incomplete",
                                    0,
                                    0,
                                    0)));
                        } else {
                            String why = scan.seq() < 0
                                    ? "bad segment header"
                                    : "segment header says sequence " + scan.seq();
                            corrupt(options, path, 0, why);
                            repairs.add(report(
                                    new Repair(Kind.CORRUPTION_TRUNCATED, path, 0, scan.fileSize(), why, 0, 0, 0)));
                            cut = true;
                        }
                        channel.close();
                        Files.delete(path);
                        deleted = true;
                        continue;
                    }
                    if (scan.defect() != null && !SegmentScanner.zerosFrom(channel, scan.validEnd())) {
                        cut = repairDamage(options, path, channel, scan, last, repairs);
                    }
                    segment.written(scan.validEnd());
                    segment.allocated(channel.size());
                    keep = true;
                } finally {
                    if (!keep) {
                        channel.close();
                    }
                }
                kept.add(segment);
            }
            if (deleted) {
                Segment.syncDirectory(dir);
            }
            for (int i = 0; i < kept.size(); i++) {
                Segment segment = kept.get(i);
                if (i == kept.size() - 1) {
                    // what survived a crash in the page cache is made durable before appends go after it
                    segment.channel.sync();
                } else {
                    segment.seal();
                }
                segment.synced(segment.size());
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : kept) {
                closeQuietly(s.channel, e);
            }
            throw e;
        }
        List<SegmentInfo> infos = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            infos.add(kept.get(i).info(i == kept.size() - 1));
        }
        OpenReport report = new OpenReport(dir, infos, records[0], index.first(), index.last(), repairs);
        LOG.info(
                "mutation log {}: {} segments, {} records, decrees {}..{}, {} repairs",
                dir,
                infos.size(),
                records[0],
                report.firstDecree(),
                report.lastDecree(),
                repairs.size());
        return new Recovered(kept, index, report, maxSeq + 1);
    }

    /** Cuts a damaged segment at its last valid record if the policy allows; returns true if it was corruption. */
    private static boolean repairDamage(
            LogOptions options, Path path, SegmentChannel channel, Scan scan, boolean last, List<Repair> repairs)
            throws IOException {
        long at = scan.validEnd();
        Survivors after = SegmentScanner.findValidAfter(channel, at);
        boolean torn = last && (after.count() == 0 || after.maxSyncedOffset() <= at);
        String reason = scan.defect().text;
        if (after.count() > 0) {
            reason += "; " + after.count() + " valid records (decrees " + after.minDecree() + ".." + after.maxDecree()
                    + ") follow from offset " + after.firstOffset();
            if (!last) {
                reason += " in a sealed segment";
            } else if (!torn) {
                reason += ", and they say bytes up to offset " + after.maxSyncedOffset() + " had been fsynced";
            }
        } else if (!last) {
            reason += " in a sealed segment";
        }
        if (!torn) {
            corrupt(options, path, at, reason);
        }
        Kind kind = torn ? (after.count() == 0 ? Kind.TORN_TAIL : Kind.TORN_UNSYNCED_TAIL) : Kind.CORRUPTION_TRUNCATED;
        channel.truncate(at);
        channel.sync();
        repairs.add(report(new Repair(
                kind, path, at, scan.fileSize() - at, reason, after.count(), after.minDecree(), after.maxDecree())));
        return !torn;
    }

    private static void corrupt(LogOptions options, Path path, long offset, String reason)
            throws LogCorruptionException {
        if (options.corruptionPolicy() == CorruptionPolicy.FAIL) {
            LogCorruptionException e = new LogCorruptionException(path, offset, reason);
            LOG.error("{}; refusing to open (corruption policy FAIL)", e.getMessage());
            throw e;
        }
    }

    private static Repair report(Repair r) {
        if (r.kind() == Kind.CORRUPTION_TRUNCATED || r.kind() == Kind.SEGMENT_DROPPED) {
            LOG.error("mutation log repair {}", r.describe());
        } else {
            LOG.warn("mutation log repair {}", r.describe());
        }
        return r;
    }

    /**
     * The segment files of {@code dir}, oldest first; {@code warnAboutOthers}: log any other file found (once per
     * start-up: the log's own recovery does, a look before it does not).
     */
    static List<Path> segmentFiles(Path dir, boolean warnAboutOthers) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (Segment.parseSeq(p.getFileName().toString()) >= 0) {
                    files.add(p);
                } else if (warnAboutOthers && !p.getFileName().toString().startsWith(NodeJournal.ID_FILE)) {
                    LOG.warn("mutation log {}: ignoring file {} (not a segment)", dir, p.getFileName());
                }
            }
        }
        files.sort(
                Comparator.comparingLong(p -> Segment.parseSeq(p.getFileName().toString())));
        return files;
    }

    private static void closeQuietly(SegmentChannel channel, Throwable primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
