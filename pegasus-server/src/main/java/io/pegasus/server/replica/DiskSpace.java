package io.pegasus.server.replica;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the disk of a ReplicaServer's data folder still has its reserve free. Below it the node refuses client
 * writes (ERR_DISK_INSUFFICIENT, spec 4.16) while it goes on serving reads, and tells the MetaServer, which moves its
 * primaries to members with room. The reserve is what the node's own work needs to finish without ENOSPC: writes
 * already in flight, log segment preallocation, RocksDB flushes and checkpoints. Without it a disk fills to the last
 * byte, every replica on it fails its log write and goes to the error state, and reads stop too (docs/operations.md,
 * "A full disk"). Sampled, not exact: a burst between two samples can still reach ENOSPC, which stays handled.
 */
final class DiskSpace {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

    private final Path dir;
    private final FileStore store;
    private final long reserveBytes;
    private volatile boolean low;
    private volatile long usableBytes = -1;
    private boolean readFailed;

    /** {@code reserveBytes} 0 turns the check off. */
    DiskSpace(Path dir, long reserveBytes) throws IOException {
        this.dir = dir;
        this.store = Files.getFileStore(dir);
        this.reserveBytes = reserveBytes;
        check();
    }

    /** Samples the disk; true if it crossed the reserve either way since the last sample. */
    boolean check() {
        if (reserveBytes <= 0) {
            return false;
        }
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            if (!readFailed) { // once, not every sample; the last answer stands meanwhile
                LOG.warn("cannot read the free space of the disk of {}: {}", dir, e.toString());
                readFailed = true;
            }
            return false;
        }
        readFailed = false;
        usableBytes = usable;
        boolean nowLow = usable < reserveBytes;
        if (nowLow == low) {
            return false;
        }
        low = nowLow;
        if (nowLow) {
            LOG.warn("{}: refusing writes (ERR_DISK_INSUFFICIENT) until space is freed", describe());
        } else {
            LOG.info("{}: accepting writes again", describe());
        }
        return true;
    }

    /**
     * Null if {@code bytes} more can be written now (a fresh reading, not the last sample) and leave the reserve free;
     * else why not, for the error. A checkpoint copied in by a learner is the one large write a node starts by itself:
     * it is checked before the first byte, so a copy that cannot fit never fills the disk. With the reserve off (0) this
     * still refuses what would not fit at all.
     */
    String cannotFit(long bytes) {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            return null; // unknown: the copy goes ahead, and ENOSPC, if it comes, stays handled
        }
        if (usable - bytes >= reserveBytes) {
            return null;
        }
        return (bytes >> 20) + " MiB do not fit on the disk of " + dir + ": " + (usable >> 20)
                + " MiB free, the reserve is " + (reserveBytes >> 20) + " MiB";
    }

    /** Below the reserve at the last sample. */
    boolean low() {
        return low;
    }

    /** For logs and errors: where, how much is free, the reserve. */
    String describe() {
        return "the disk of " + dir + " has " + (usableBytes >> 20) + " MiB free, the reserve is "
                + (reserveBytes >> 20) + " MiB";
    }
}
