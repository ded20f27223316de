package io.pegasus.server.replica;

import io.pegasus.thrift.gpid;
import java.nio.file.Path;

/**
 * Where a replica keeps its files, under the node's data folder:
 *
 * <pre>
 * replica/&lt;app_id&gt;.&lt;partition_index&gt;.pegasus/
 *     replica.meta         the last persisted configuration (ballot first), see PersistedConfig
 *     rdb/                 the RocksDB instance
 *     plog/                the mutation log
 *     learn/checkpoints/   checkpoints made for learners (primary side)
 *     learn/incoming/      checkpoint files being copied in (learner side)
 * replica/&lt;app_id&gt;.&lt;partition_index&gt;.pegasus.&lt;unix_ms&gt;.gar   a dropped replica, kept until its table's reserve time ends
 * slog/                the node journal, shared by every replica's plog (NodeJournal; plog/journal.id names a log)
 * </pre>
 */
record ReplicaDirs(Path root) {
    static ReplicaDirs of(Path dataDir, gpid pid) {
        return new ReplicaDirs(
                dataDir.resolve("replica").resolve(pid.appId() + "." + pid.partitionIndex() + ".pegasus"));
    }

    Path meta() {
        return root.resolve("replica.meta");
    }

    Path rdb() {
        return root.resolve("rdb");
    }

    Path log() {
        return root.resolve("plog");
    }

    Path learnCheckpoints() {
        return root.resolve("learn").resolve("checkpoints");
    }

    Path learnIncoming() {
        return root.resolve("learn").resolve("incoming");
    }
}
