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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ReplicaServer's disk fills up while clients write (a real filesystem: a small tmpfs mounted on its data folder,
 * so needs root; skipped otherwise). Its logs and RocksDB get ENOSPC; the node must not take acknowledged writes with
 * it, must not stop the other two from serving, and must say what happened.
 */
class FullDiskIT {
    private static final long DISK_BYTES = 512L << 20;
    private static final long ROOM_BYTES = 24L << 20;

    @TempDir
    Path root;

    @Test
    void aFullDiskOnOneNodeLosesNoAcknowledgedWriteAndTheOthersCarryOn() throws Exception {
        Path small = root.resolve("replica2");
        Files.createDirectories(small);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", small.toString()),
                "mounting a tmpfs needs root");
        try {
            try (MiniCluster cluster = MiniCluster.builder()
                            .metaServers(1)
                            .replicaServers(3)
                            .root(root)
                            .start();
                    PegasusClient client = PegasusClient.create(ClientOptions.builder()
                            .metaServers(cluster.metaServerList())
                            .operationTimeoutMs(3000)
                            .build())) {
                cluster.createTable("full_disk", 4, 3);
                PegasusTable table = client.openTable("full_disk");
                var store = Files.getFileStore(small);
                System.out.printf(
                        "small disk: %d of %d KiB free with the table created%n",
                        store.getUsableSpace() >> 10, store.getTotalSpace() >> 10);
                // room for about 24 MiB of writes from here, whatever the empty replicas took
                long used = store.getTotalSpace() - store.getUsableSpace();
                assertThat(run("mount", "-o", "remount,size=" + (used + ROOM_BYTES), small.toString()))
                        .isTrue();
                System.out.printf("small disk resized to %d KiB%n", store.getTotalSpace() >> 10);
                Map<String, byte[]> acknowledged = new LinkedHashMap<>();
                List<Long> failuresAt = new ArrayList<>();
                Random random = new Random(7);
                long start = System.nanoTime();
                long fullAt = -1;
                int ackedBeforeFull = 0;
                long deadline = start + TimeUnit.SECONDS.toNanos(180);
                int i = 0;
                // write 4 KB values until the small disk has been full for 30 s (or 3 minutes in all)
                while (System.nanoTime() < deadline
                        && (fullAt < 0 || System.nanoTime() - fullAt < TimeUnit.SECONDS.toNanos(30))) {
                    String key = "k" + i++;
                    byte[] value = new byte[4096];
                    random.nextBytes(value);
                    try {
                        table.set(bytes(key), bytes("s"), value);
                        acknowledged.put(key, value);
                    } catch (PegasusException e) {
                        failuresAt.add(System.nanoTime());
                    }
                    if (fullAt < 0 && store.getUsableSpace() < (1 << 20)) {
                        fullAt = System.nanoTime();
                        ackedBeforeFull = acknowledged.size();
                        System.out.printf("disk full after %d writes (%d acknowledged)%n", i, acknowledged.size());
                    }
                }
                assertThat(fullAt).as("the small disk filled up").isPositive();
                assertThat(ackedBeforeFull)
                        .as("writes acknowledged before the disk was full")
                        .isPositive();
                long afterFull = fullAt;
                long lateFailures = failuresAt.stream()
                        .filter(t -> t - afterFull > TimeUnit.SECONDS.toNanos(20))
                        .count();
                System.out.printf(
                        "%d writes, %d acknowledged, %d failed (%d more than 20 s after the disk filled)%n",
                        i, acknowledged.size(), failuresAt.size(), lateFailures);
                assertThat(lateFailures)
                        .as("writes fail only while the partitions of the full node are reconfigured")
                        .isZero();
                for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                    byte[] got = table.get(bytes(e.getKey()), bytes("s"));
                    assertThat(got).as("acknowledged write of %s", e.getKey()).isNotNull();
                    assertThat(Arrays.equals(got, e.getValue()))
                            .as("value of %s", e.getKey())
                            .isTrue();
                }
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
                assertThat(run("mount", "-o", "remount,size=" + DISK_BYTES, small.toString()))
                        .isTrue();
                cluster.restartReplicaServer(2);
                long restarted = System.nanoTime();
                cluster.admin().waitHealthy("full_disk", Duration.ofSeconds(90));
                System.out.printf("healthy again %.1f s after the restart%n", (System.nanoTime() - restarted) / 1e9);
                for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                    assertThat(table.get(bytes(e.getKey()), bytes("s")))
                            .as("acknowledged write of %s after the restart", e.getKey())
                            .isEqualTo(e.getValue());
                }
                table.set(bytes("after"), bytes("s"), bytes("restart"));
            }
        } finally {
            run("umount", "-l", small.toString());
        }
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
