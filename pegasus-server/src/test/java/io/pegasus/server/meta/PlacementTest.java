package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static io.pegasus.server.meta.Nodes.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.thrift.rpc_address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New tables spread their replicas and primaries evenly over the live nodes. */
class PlacementTest {
    private static void assertEven(List<PartitionConfig> parts, List<rpc_address> live, int replicas) {
        Map<rpc_address, Integer> replicaCount = new HashMap<>();
        Map<rpc_address, Integer> primaryCount = new HashMap<>();
        for (rpc_address node : live) {
            replicaCount.put(node, 0);
            primaryCount.put(node, 0);
        }
        for (PartitionConfig p : parts) {
            assertThat(p.ballot()).isEqualTo(1);
            assertThat(p.hasPrimary()).isTrue();
            assertThat(p.secondaries()).hasSize(replicas - 1);
            assertThat(new HashSet<>(p.members())).as("distinct members").hasSize(replicas);
            assertThat(live).containsAll(p.members());
            primaryCount.merge(p.primary(), 1, Integer::sum);
            p.members().forEach(m -> replicaCount.merge(m, 1, Integer::sum));
        }
        assertThat(spread(replicaCount)).as("replicas per node " + replicaCount).isLessThanOrEqualTo(1);
        assertThat(spread(primaryCount))
                .as("primaries per node " + primaryCount)
                .isLessThanOrEqualTo(1);
    }

    private static int spread(Map<rpc_address, Integer> counts) {
        int max = counts.values().stream().mapToInt(i -> i).max().orElse(0);
        int min = counts.values().stream().mapToInt(i -> i).min().orElse(0);
        return max - min;
    }

    @Test
    void eightPartitionsOfThreeReplicasOnThreeNodes() {
        List<PartitionConfig> parts = Placement.place(2, 8, 3, nodes(3), new NodeLoad());
        assertThat(parts).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(parts.get(i).pid().appId()).isEqualTo(2);
            assertThat(parts.get(i).pid().partitionIndex()).isEqualTo(i);
        }
        assertEven(parts, nodes(3), 3);
    }

    @Test
    void everySmallShapeIsEven() {
        for (int n = 1; n <= 7; n++) {
            for (int r = 1; r <= Math.min(n, 5); r++) {
                for (int p = 1; p <= 24; p++) {
                    assertEven(Placement.place(1, p, r, nodes(n), new NodeLoad()), nodes(n), r);
                }
            }
        }
    }

    @Test
    void aSecondTableFillsTheLessLoadedNodesFirst() {
        ClusterState s = Nodes.withTable("a", 3, 1, nodes(3).subList(0, 2));
        // node 3 holds nothing, nodes 1 and 2 hold the first table's 3 replicas
        List<PartitionConfig> parts = Placement.place(2, 1, 1, nodes(3), s.load());
        assertThat(parts.get(0).primary()).isEqualTo(n(3));
    }

    @Test
    void tooFewNodesIsAnError() {
        assertThatThrownBy(() -> Placement.place(1, 4, 3, nodes(2), new NodeLoad()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
