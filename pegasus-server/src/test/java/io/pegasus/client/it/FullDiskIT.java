package io.pegasus.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.server.testing.MiniCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReplicaServers' disks fill up while a client writes (a real filesystem: a small tmpfs mounted on their data
 * folders, so the test needs root and is skipped otherwise). Their logs and RocksDB get ENOSPC; no acknowledged write
 * may be lost, a node with room must go on serving, errors must say what happened, and once space is freed a restart
 * must bring everything back.
 */
class FullDiskIT {
    private static final long DISK_BYTES = 512L << 20;
    /** Room for writes left on the small disk once the table exists. */
    private static final long ROOM_BYTES = 24L << 20;

    @TempDir
    Path root;

    @Test
    void aFullDiskOnOneNodeLosesNoAcknowledgedWriteAndTheOthersCarryOn() throws Exception {
        Path disk = root.resolve("replica2");
        mountSmallDisk(disk);
        try (MiniCluster cluster = MiniCluster.builder().root(root).start();
                PegasusClient client = client(cluster)) {
            cluster.createTable("full_disk", 4, 3);
            PegasusTable table = client.openTable("full_disk");
            leaveRoom(disk);
            Writes w = writeUntilFullFor(table, Files.getFileStore(disk), 30);
            long lateFailures = w.failuresLaterThan(20);
            assertThat(lateFailures)
                    .as("writes fail only while the partitions of the full node are reconfigured")
                    .isZero();
            w.assertAllAcknowledgedReadable(table);
            // the full node is still up, and serves as primary no partition it cannot write
            String full = cluster.replicaServer(2).self().address();
            for (var pc : cluster.admin().queryConfig("full_disk").getPartitions()) {
                assertThat(pc.getPrimary().toString())
                        .as("primary of %s", pc.getPid())
                        .isNotEqualTo(full)
                        .isNotEqualTo("0.0.0.0:0");
            }

            // space freed and the node restarted: its replicas open again (logs cut short by ENOSPC included),
            // rejoin, and every partition is back to three replicas with the data intact
            assertThat(run("mount", "-o", "remount,size=" + DISK_BYTES, disk.toString()))
                    .isTrue();
            long restarted = System.nanoTime();
            cluster.restartReplicaServer(2);
            cluster.admin().waitHealthy("full_disk", Duration.ofSeconds(90));
            System.out.printf("healthy again %.1f s after the restart%n", (System.nanoTime() - restarted) / 1e9);
            w.assertAllAcknowledgedReadable(table);
            table.set(bytes("after"), bytes("s"), bytes("restart"));
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void whenEveryNodesDiskIsFullWritesFailAndAfterARestartNothingAcknowledgedIsLost() throws Exception {
        // one small disk shared by the three ReplicaServers (as on a onebox); ZooKeeper stays on the big one
        Path disk = root.resolve("disk");
        mountSmallDisk(disk);
        try {
            for (int i = 0; i < 3; i++) {
                Files.createDirectories(disk.resolve("replica" + i));
                Files.createSymbolicLink(root.resolve("replica" + i), disk.resolve("replica" + i));
            }
            try (MiniCluster cluster = MiniCluster.builder().root(root).start();
                    PegasusClient client = client(cluster)) {
                cluster.createTable("all_full", 4, 3);
                PegasusTable table = client.openTable("all_full");
                leaveRoom(disk);
                Writes w = writeUntilFullFor(table, Files.getFileStore(disk), 15);
                assertThat(w.failuresLaterThan(10))
                        .as("with no node able to log, writes fail")
                        .isPositive();

                assertThat(run("mount", "-o", "remount,size=" + DISK_BYTES, disk.toString()))
                        .isTrue();
                long restarted = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    cluster.restartReplicaServer(i);
                }
                cluster.admin().waitHealthy("all_full", Duration.ofSeconds(120));
                System.out.printf(
                        "healthy again %.1f s after the restarts began%n", (System.nanoTime() - restarted) / 1e9);
                w.assertAllAcknowledgedReadable(table);
                table.set(bytes("after"), bytes("s"), bytes("restart"));
                assertThat(table.get(bytes("after"), bytes("s"))).isEqualTo(bytes("restart"));
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    /** What a write loop did. */
    private record Writes(Map<String, byte[]> acknowledged, List<Long> failuresAt, long fullAt) {
        long failuresLaterThan(int secondsAfterFull) {
            return failuresAt.stream()
                    .filter(t -> t - fullAt > TimeUnit.SECONDS.toNanos(secondsAfterFull))
                    .count();
        }

        void assertAllAcknowledgedReadable(PegasusTable table) throws PegasusException {
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                assertThat(table.get(bytes(e.getKey()), bytes("s")))
                        .as("acknowledged write of %s", e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
    }

    /** Writes distinct keys of 4 KB until the disk has been full for {@code seconds} (3 minutes at most). */
    private static Writes writeUntilFullFor(PegasusTable table, FileStore disk, int seconds) throws IOException {
        Map<String, byte[]> acknowledged = new LinkedHashMap<>();
        List<Long> failuresAt = new ArrayList<>();
        Random random = new Random(7);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long fullAt = -1;
        int i = 0;
        while (System.nanoTime() < deadline
                && (fullAt < 0 || System.nanoTime() - fullAt < TimeUnit.SECONDS.toNanos(seconds))) {
            String key = "k" + i++;
            byte[] value = new byte[4096];
            random.nextBytes(value);
            try {
                table.set(bytes(key), bytes("s"), value);
                acknowledged.put(key, value);
            } catch (PegasusException e) {
                if (failuresAt.isEmpty() || (fullAt > 0 && failuresAt.get(failuresAt.size() - 1) < fullAt)) {
                    System.out.printf("write %d failed: %s%n", i, e.getMessage());
                }
                failuresAt.add(System.nanoTime());
            }
            if (fullAt < 0 && disk.getUsableSpace() < (1 << 20)) {
                fullAt = System.nanoTime();
                System.out.printf("disk full after %d writes (%d acknowledged)%n", i, acknowledged.size());
                assertThat(acknowledged)
                        .as("writes acknowledged before the disk was full")
                        .isNotEmpty();
            }
        }
        assertThat(fullAt).as("the small disk filled up").isPositive();
        Writes w = new Writes(acknowledged, failuresAt, fullAt);
        System.out.printf(
                "%d writes, %d acknowledged, %d failed (%d more than 10 s, %d more than 20 s after the disk filled)%n",
                i, acknowledged.size(), failuresAt.size(), w.failuresLaterThan(10), w.failuresLaterThan(20));
        return w;
    }

    private static void mountSmallDisk(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", dir.toString()),
                "mounting a tmpfs needs root");
    }

    /** Shrinks the disk to what the empty replicas took plus {@link #ROOM_BYTES}, whatever that was. */
    private static void leaveRoom(Path dir) throws IOException, InterruptedException {
        FileStore store = Files.getFileStore(dir);
        long used = store.getTotalSpace() - store.getUsableSpace();
        assertThat(run("mount", "-o", "remount,size=" + (used + ROOM_BYTES), dir.toString()))
                .isTrue();
        System.out.printf(
                "small disk: %d KiB used by the empty table, %d KiB in all%n", used >> 10, store.getTotalSpace() >> 10);
    }

    private static PegasusClient client(MiniCluster cluster) throws PegasusException {
        return PegasusClient.create(ClientOptions.builder()
                .metaServers(cluster.metaServerList())
                .operationTimeoutMs(3000)
                .build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            System.out.println(String.join(" ", command) + ": " + out.trim());
        }
        return rc == 0;
    }
}
