package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.thrift.query_cfg_response;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Routing snapshots from query-config answers, and hash routing with the spec 8.2 vectors. */
class TableRoutingTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 34801);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 34802);

    private static TableRouting routing(query_cfg_response r) {
        return TableRouting.from("t", r, a -> null);
    }

    private static InetSocketAddress[] primaries(int n) {
        InetSocketAddress[] p = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) {
            p[i] = i % 2 == 0 ? A : B;
        }
        return p;
    }

    @Test
    void routesByUnsignedModuloOfTheHash() {
        TableRouting eight = routing(RoutingFixtures.config(2, 3, 3, 2, primaries(8)));
        TableRouting seven = routing(RoutingFixtures.config(2, 3, 3, 2, primaries(7)));
        TableRouting sixteen = routing(RoutingFixtures.config(2, 3, 3, 2, primaries(16)));
        // spec 8.2: hashkey -> 2 / 10 / 1; user_1001 -> 4 / 12 / 2; a (top bit set) -> 4 / 12 / 1
        assertThat(eight.partitionIndex(PartitionHash.of(Bytes.utf8("hashkey"), Bytes.utf8("sortkey"))))
                .isEqualTo(2);
        assertThat(sixteen.partitionIndex(PartitionHash.crc64(Bytes.utf8("hashkey"))))
                .isEqualTo(10);
        assertThat(seven.partitionIndex(PartitionHash.crc64(Bytes.utf8("hashkey"))))
                .isEqualTo(1);
        assertThat(eight.partitionIndex(PartitionHash.crc64(Bytes.utf8("user_1001"))))
                .isEqualTo(4);
        assertThat(sixteen.partitionIndex(PartitionHash.crc64(Bytes.utf8("a")))).isEqualTo(12);
        assertThat(seven.partitionIndex(PartitionHash.crc64(Bytes.utf8("a")))).isEqualTo(1);
        // empty hash key: the sort key is hashed
        assertThat(eight.partitionIndex(PartitionHash.of(new byte[0], Bytes.utf8("only_sort_key"))))
                .isEqualTo(6);
    }

    @Test
    void keepsTableIdBallotsAndPrimaries() {
        TableRouting r = routing(RoutingFixtures.config(5, 7, 3, 2, A, null, B));
        assertThat(r.appId()).isEqualTo(5);
        assertThat(r.partitionCount()).isEqualTo(3);
        assertThat(r.ballot(0)).isEqualTo(7);
        assertThat(r.primary(0)).isEqualTo(A);
        assertThat(r.primary(1)).as("no primary").isNull();
        assertThat(r.primaryName(1)).isNull();
        assertThat(r.primaryName(2)).isEqualTo("127.0.0.1:34802");
    }

    @Test
    void childOfAnUnfinishedSplitRoutesToItsParent() {
        query_cfg_response cfg = RoutingFixtures.config(2, 3, 3, 2, primaries(8));
        // partitions 4..7 are children of 0..3 (negative ballot)
        for (int i = 4; i < 8; i++) {
            cfg.getPartitions().get(i).setBallot(-1);
        }
        TableRouting r = routing(cfg);
        long hashOf4 = PartitionHash.crc64(Bytes.utf8("user_1001")); // index 4 of 8
        assertThat(r.partitionIndex(hashOf4)).isZero();
        long hashOf2 = PartitionHash.crc64(Bytes.utf8("hashkey"));
        assertThat(r.partitionIndex(hashOf2)).isEqualTo(2);
    }

    @Test
    void partitionsArePlacedByPidNotByListPosition() {
        query_cfg_response cfg = RoutingFixtures.config(2, 3, 3, 2, A, B);
        java.util.Collections.reverse(cfg.getPartitions());
        TableRouting r = routing(cfg);
        assertThat(r.primary(0)).isEqualTo(A);
        assertThat(r.primary(1)).isEqualTo(B);
    }

    @Test
    void rejectsInconsistentAnswers() {
        query_cfg_response badIndex = RoutingFixtures.config(2, 3, 3, 2, A, B);
        badIndex.getPartitions().get(1).setPid(new io.pegasus.thrift.gpid(2, 9));
        assertThatThrownBy(() -> routing(badIndex)).hasMessageContaining("partition index 9");
        query_cfg_response noPartitions = RoutingFixtures.config(2, 3, 3, 2);
        assertThatThrownBy(() -> routing(noPartitions)).hasMessageContaining("partition count 0");
        query_cfg_response noId = RoutingFixtures.config(0, 3, 3, 2, A);
        assertThatThrownBy(() -> routing(noId)).hasMessageContaining("table id 0");
    }
}
