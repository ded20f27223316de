package io.pegasus.server.replica;

import io.pegasus.rpc.client.RpcClient;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Side by side in one JVM: two clusters of three ReplicaServers (8 partitions each, default log settings), one without
 * and one with the node journal, measured in short alternating cells so that this VM's drifting disk latency hits both
 * alike. Prints every cell and, per setting and outstanding count, the median puts/s and the median CPU of this
 * process per put (the idle cluster's share is its ticks: negligible).
 *
 * <p>Run: {@code bin/bench-main pegasus-server io.pegasus.server.replica.LogJournalAbBench [rounds] [seconds per cell]}
 */
public final class LogJournalAbBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int partitions = 8;
        int[] outstandings = {1, 16, 64};
        String[] names = {"per-log fsync", "node journal"};
        List<List<ReplicaServer>> clusters = List.of(
                InJvmReplicationBench.startCluster(partitions, o -> o.withLogJournal(false)),
                InJvmReplicationBench.startCluster(partitions, o -> o.withLogJournal(true)));
        double[][][] rate = new double[2][outstandings.length][rounds];
        double[][][] cpu = new double[2][outstandings.length][rounds];
        byte[] value = new byte[1024];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RpcClient client = new RpcClient()) {
            for (int c = 0; c < 2; c++) {
                InJvmReplicationBench.measure(client, clusters.get(c), partitions, value, 64, seconds); // warm-up
            }
            System.out.printf(
                    "%-6s %-14s %6s %10s %12s %8s %8s%n",
                    "round", "setting", "conc", "puts/s", "cpu us/put", "p50 us", "p99 us");
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int c = (r + k) % 2; // alternate which setting goes first
                    for (int o = 0; o < outstandings.length; o++) {
                        long cpu0 = os.getProcessCpuTime();
                        InJvmReplicationBench.Cell m = InJvmReplicationBench.measure(
                                client, clusters.get(c), partitions, value, outstandings[o], seconds);
                        double cpuNanos = os.getProcessCpuTime() - cpu0;
                        rate[c][o][r] = m.opsPerSecond();
                        cpu[c][o][r] = cpuNanos / 1e3 / (m.opsPerSecond() * seconds);
                        System.out.printf(
                                "%-6d %-14s %6d %10.0f %12.0f %8.0f %8.0f%n",
                                r + 1,
                                names[c],
                                outstandings[o],
                                m.opsPerSecond(),
                                cpu[c][o][r],
                                m.p50Micros(),
                                m.p99Micros());
                    }
                }
            }
        }
        System.out.printf("%nmedians of %d rounds, %d s cells%n", rounds, seconds);
        System.out.printf("%-14s %6s %10s %12s%n", "setting", "conc", "puts/s", "cpu us/put");
        for (int o = 0; o < outstandings.length; o++) {
            for (int c = 0; c < 2; c++) {
                System.out.printf(
                        "%-14s %6d %10.0f %12.0f%n", names[c], outstandings[o], median(rate[c][o]), median(cpu[c][o]));
            }
        }
        clusters.forEach(cl -> cl.forEach(ReplicaServer::close));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private LogJournalAbBench() {}
}
