package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the replicas of a new table's partitions over the live nodes so that, within the table and then over the
 * whole cluster, every node holds as many replicas and as many primaries as the others (give or take one).
 * Deterministic: ties go to the lower address.
 */
final class Placement {
    private Placement() {}

    /**
     * @param liveNodes candidate nodes, at least {@code replicaCount} of them
     * @param clusterLoad replicas already on each node (other tables); not modified
     */
    static List<PartitionConfig> place(
            int appId, int partitionCount, int replicaCount, List<rpc_address> liveNodes, NodeLoad clusterLoad) {
        if (liveNodes.size() < replicaCount) {
            throw new IllegalArgumentException(
                    "cannot place " + replicaCount + " replicas on " + liveNodes.size() + " nodes");
        }
        Map<rpc_address, int[]> table = new HashMap<>(); // [replicas, primaries] of this table per node
        for (rpc_address n : liveNodes) {
            table.put(n, new int[2]);
        }
        Comparator<rpc_address> byPrimaries = Comparator.<rpc_address>comparingInt(n -> table.get(n)[1])
                .thenComparingInt(n -> table.get(n)[0])
                .thenComparingInt(clusterLoad::primaries)
                .thenComparingInt(clusterLoad::replicas)
                .thenComparing(Comparator.naturalOrder());
        Comparator<rpc_address> byReplicas = Comparator.<rpc_address>comparingInt(n -> table.get(n)[0])
                .thenComparingInt(clusterLoad::replicas)
                .thenComparing(Comparator.naturalOrder());
        List<PartitionConfig> out = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            List<rpc_address> candidates = new ArrayList<>(liveNodes);
            // the primary first: fewest primaries of this table, then fewest replicas of it; the secondaries by
            // fewest replicas. Greedy choice in this order keeps both counts within one of each other.
            rpc_address primary = candidates.stream().min(byPrimaries).orElseThrow();
            candidates.remove(primary);
            table.get(primary)[0]++;
            table.get(primary)[1]++;
            List<rpc_address> secondaries = new ArrayList<>(replicaCount - 1);
            for (int r = 1; r < replicaCount; r++) {
                rpc_address s = candidates.stream().min(byReplicas).orElseThrow();
                candidates.remove(s);
                table.get(s)[0]++;
                secondaries.add(s);
            }
            secondaries.sort(Comparator.naturalOrder());
            out.add(PartitionConfig.initial(appId, i, replicaCount, primary, secondaries));
        }
        return out;
    }
}
