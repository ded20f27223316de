package io.pegasus.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pegasus.base.ErrorCode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ReplicaServers' disks fill up while a client writes (a real filesystem: a small tmpfs mounted on their data
 * folders, so the test needs root and is skipped otherwise). Below the disk reserve a node refuses writes and its
 * primaries move away; with no reserve, or past it, logs and RocksDB get ENOSPC. Either way no acknowledged write may
 * be lost, a node with room must go on serving, errors must say what happened, and once space is freed writes must
 * come back (by themselves below the reserve, after a restart past ENOSPC).
 */
class FullDiskIT {
    private static final long DISK_BYTES = 512L << 20;
    /** Room for writes left on the small disk once the table exists. */
    private static final long ROOM_BYTES = 24L << 20;
    /** A disk reserve for one node's small disk: a third of the room. */
    private static final long RESERVE_BYTES = 8L << 20;
    /**
     * Room and reserve when three nodes share the small disk: the reserve must cover what can be written between two
     * samples of the free space, and log segments are preallocated 4 MiB at a time on each node.
     */
    private static final long SHARED_ROOM_BYTES = 64L << 20;

    private static final long SHARED_RESERVE_BYTES = 32L << 20;

    @TempDir
    Path root;

    /**
     * Without a reserve the node's replicas fail their log writes and leave; with one, its primaries first move to the
     * other members (its secondaries still take prepares until the disk is full, then fail the same way).
     */
    @ParameterizedTest(name = "disk reserve {0} bytes")
    @ValueSource(longs = {0, RESERVE_BYTES})
    void aFullDiskOnOneNodeLosesNoAcknowledgedWriteAndTheOthersCarryOn(long reserve) throws Exception {
        Path disk = root.resolve("replica2");
        mountSmallDisk(disk);
        try (MiniCluster cluster = MiniCluster.builder()
                        .root(root)
                        .diskReserveBytes(reserve)
                        .start();
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
        Path disk = sharedSmallDisk();
        try {
            // the reserve off: this is what happens when the disks fill to their last byte anyway
            try (MiniCluster cluster =
                            MiniCluster.builder().root(root).diskReserveBytes(0).start();
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

    /**
     * A node added to replace a dead one must copy the partition's state; if that state does not fit above its
     * reserve, the copy is refused before it starts (the disk keeps its room, the partition stays writable on two
     * replicas), and once space is freed the next attempt succeeds, with no restart.
     */
    @Test
    void aLearnerWhoseDiskCannotHoldThePartitionRefusesTheCopyAndLearnsOnceThereIsRoom() throws Exception {
        Path disk = root.resolve("replica3"); // the fourth ReplicaServer's data folder
        mountSmallDisk(disk);
        try (MiniCluster cluster = MiniCluster.builder()
                        .root(root)
                        .diskReserveBytes(RESERVE_BYTES)
                        .start();
                PegasusClient client = client(cluster)) {
            cluster.createTable("learn", 1, 3);
            PegasusTable table = client.openTable("learn");
            Random random = new Random(7);
            Map<String, byte[]> written = new LinkedHashMap<>();
            for (int i = 0; i < 640; i++) { // 40 MiB, incompressible: more than the small disk's room
                byte[] v = new byte[64 << 10];
                random.nextBytes(v);
                table.set(bytes("k" + i), bytes("s"), v);
                written.put("k" + i, v);
            }
            int fourth = cluster.startReplicaServer();
            cluster.awaitRegistered(Duration.ofSeconds(30));
            leaveRoom(disk, ROOM_BYTES);
            FileStore store = Files.getFileStore(disk);
            long[] minUsable = {Long.MAX_VALUE};
            java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    try {
                        minUsable[0] = Math.min(minUsable[0], store.getUsableSpace());
                        Thread.sleep(5);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();

            cluster.killReplicaServer(0); // the fourth node is the only one left to take its place
            Path replicas = disk.resolve("replica");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!learnerCreated(replicas) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(learnerCreated(replicas))
                    .as("a learner was placed on the fourth node")
                    .isTrue();
            for (int i = 0; i < 50; i++) { // 5 s: the copy is offered and refused; writes go on meanwhile
                table.set(bytes("during" + i), bytes("s"), bytes("v" + i));
                Thread.sleep(100);
            }
            sampling.set(false);
            sampler.join();
            System.out.printf(
                    "small disk: at least %d KiB free while the learner was refused (reserve %d KiB)%n",
                    minUsable[0] >> 10, RESERVE_BYTES >> 10);
            assertThat(minUsable[0])
                    .as("the learner's copy did not take the disk below its reserve")
                    .isGreaterThanOrEqualTo(RESERVE_BYTES);
            assertThat(cluster.admin()
                            .queryConfig("learn")
                            .getPartitions()
                            .get(0)
                            .getSecondaries())
                    .as("the partition goes on with two replicas")
                    .hasSize(1);

            // room again: the next attempt copies the partition, and it is back to three replicas
            assertThat(run("mount", "-o", "remount,size=" + DISK_BYTES, disk.toString()))
                    .isTrue();
            long freed = System.nanoTime();
            cluster.admin().waitHealthy("learn", Duration.ofSeconds(90));
            System.out.printf("healthy %.1f s after the space was freed%n", (System.nanoTime() - freed) / 1e9);
            String fourthNode = cluster.replicaServer(fourth).self().address();
            var after = cluster.admin().queryConfig("learn").getPartitions().get(0);
            List<String> holders = new ArrayList<>();
            holders.add(after.getPrimary().toString());
            after.getSecondaries().forEach(a -> holders.add(a.toString()));
            assertThat(holders).as("replicas after the space was freed").contains(fourthNode);
            for (Map.Entry<String, byte[]> e : written.entrySet()) {
                assertThat(table.get(bytes(e.getKey()), bytes("s"))).isEqualTo(e.getValue());
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static boolean learnerCreated(Path replicas) throws IOException {
        if (!Files.isDirectory(replicas)) {
            return false;
        }
        try (var dirs = Files.list(replicas)) {
            return dirs.anyMatch(d -> d.getFileName().toString().endsWith(".0.pegasus"));
        }
    }

    @Test
    void belowTheReserveWritesAreRefusedReadsServedAndWritesResumeOnceSpaceIsFreed() throws Exception {
        Path disk = sharedSmallDisk(); // with a reserve of 32 MiB
        try {
            try (MiniCluster cluster = MiniCluster.builder()
                            .root(root)
                            .diskReserveBytes(SHARED_RESERVE_BYTES)
                            .start();
                    PegasusClient client = client(cluster)) {
                cluster.createTable("reserve", 4, 3);
                PegasusTable table = client.openTable("reserve");
                leaveRoom(disk, SHARED_ROOM_BYTES);
                FileStore store = Files.getFileStore(disk);
                Map<String, byte[]> acknowledged = new LinkedHashMap<>();
                Random random = new Random(11);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                long refusedAt = -1;
                int i = 0;
                while (refusedAt < 0 && System.nanoTime() < deadline) {
                    String key = "k" + i++;
                    byte[] value = new byte[4096];
                    random.nextBytes(value);
                    try {
                        table.set(bytes(key), bytes("s"), value);
                        acknowledged.put(key, value);
                    } catch (PegasusException e) {
                        assertThat(e.errorCode())
                                .as("write %d: %s", i, e.getMessage())
                                .isEqualTo(ErrorCode.ERR_DISK_INSUFFICIENT);
                        refusedAt = System.nanoTime();
                        System.out.printf(
                                "write %d refused with %d KiB free: %s%n",
                                i, store.getUsableSpace() >> 10, e.getMessage());
                    }
                }
                assertThat(refusedAt).as("a write was refused").isPositive();
                assertThat(acknowledged).isNotEmpty();

                // within a disk sample every node refuses: writes fail at once, with the same error
                Thread.sleep(2500);
                for (int k = 0; k < 20; k++) {
                    long t0 = System.nanoTime();
                    PegasusException e = org.junit.jupiter.api.Assertions.assertThrows(
                            PegasusException.class, () -> table.set(bytes("late"), bytes("s"), new byte[4096]));
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.ERR_DISK_INSUFFICIENT);
                    assertThat(System.nanoTime() - t0)
                            .as("refused at once, not after a timeout")
                            .isLessThan(TimeUnit.SECONDS.toNanos(1));
                }
                // the MetaServer knows (the shell's `nodes -d` shows it)
                assertThat(cluster.admin().listNodes(true).getNodes())
                        .hasSize(3)
                        .allMatch(n -> n.isDisk_low());
                // and places no new table on them
                try (var admin = cluster.admin()) {
                    var created = admin.createApp("while_low", 2, 3, Map.of());
                    assertThat(created.getErr().code()).isEqualTo(ErrorCode.ERR_DISK_INSUFFICIENT);
                }
                // nothing ran out of space: no replica failed, reads are served, the table is healthy
                assertThat(store.getUsableSpace()).isGreaterThan(SHARED_RESERVE_BYTES / 4);
                cluster.admin().waitHealthy("reserve", Duration.ofSeconds(30));
                for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                    assertThat(table.get(bytes(e.getKey()), bytes("s")))
                            .as("read of %s while writes are refused", e.getKey())
                            .isEqualTo(e.getValue());
                }

                // space freed, no restart: writes are accepted again within a few disk samples
                assertThat(run("mount", "-o", "remount,size=" + DISK_BYTES, disk.toString()))
                        .isTrue();
                long freed = System.nanoTime();
                while (true) {
                    try {
                        table.set(bytes("after"), bytes("s"), bytes("space freed"));
                        break;
                    } catch (PegasusException e) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.ERR_DISK_INSUFFICIENT);
                        assertThat(System.nanoTime() - freed)
                                .as("writes accepted again after space was freed")
                                .isLessThan(TimeUnit.SECONDS.toNanos(15));
                        Thread.sleep(100);
                    }
                }
                System.out.printf(
                        "%d writes acknowledged before the reserve; writes accepted again %.1f s after space was freed%n",
                        acknowledged.size(), (System.nanoTime() - freed) / 1e9);
                assertThat(table.get(bytes("after"), bytes("s"))).isEqualTo(bytes("space freed"));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (cluster.admin().listNodes(true).getNodes().stream().anyMatch(n -> n.isDisk_low())) {
                    assertThat(System.nanoTime()).as("nodes no longer low").isLessThan(until);
                    Thread.sleep(100);
                }
                Writes w = new Writes(acknowledged, List.of(), 0);
                w.assertAllAcknowledgedReadable(table);
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

    /** One small disk shared by the three ReplicaServers (as on a onebox); ZooKeeper stays on the big one. */
    private Path sharedSmallDisk() throws IOException, InterruptedException {
        Path disk = root.resolve("disk");
        mountSmallDisk(disk);
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(disk.resolve("replica" + i));
            Files.createSymbolicLink(root.resolve("replica" + i), disk.resolve("replica" + i));
        }
        return disk;
    }

    private static void mountSmallDisk(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", dir.toString()),
                "mounting a tmpfs needs root");
    }

    /** Shrinks the disk to what the empty replicas took plus {@link #ROOM_BYTES}, whatever that was. */
    private static void leaveRoom(Path dir) throws IOException, InterruptedException {
        leaveRoom(dir, ROOM_BYTES);
    }

    private static void leaveRoom(Path dir, long room) throws IOException, InterruptedException {
        FileStore store = Files.getFileStore(dir);
        long used = store.getTotalSpace() - store.getUsableSpace();
        assertThat(run("mount", "-o", "remount,size=" + (used + room), dir.toString()))
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
