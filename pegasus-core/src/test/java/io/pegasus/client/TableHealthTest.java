package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.base.TableHealth;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The admin client's health rule for a new table (spec 3.3). */
class TableHealthTest {
    private static final InetSocketAddress P = new InetSocketAddress("127.0.0.1", 34801);

    @Test
    void everyPartitionNeedsAPrimaryAndEnoughSecondaries() {
        assertThat(TableHealth.healthy(RoutingFixtures.config(1, 1, 3, 2, P, P), 3))
                .isTrue();
        assertThat(TableHealth.healthy(RoutingFixtures.config(1, 1, 3, 2, P, P), 5))
                .isFalse();
        assertThat(TableHealth.healthy(RoutingFixtures.config(1, 1, 3, 1, P, P), 3))
                .isFalse();
        assertThat(TableHealth.healthy(RoutingFixtures.config(1, 1, 3, 2, P, null), 3))
                .isFalse();
        assertThat(TableHealth.healthyPartitions(RoutingFixtures.config(1, 1, 3, 2, P, null), 3))
                .isEqualTo(1);
        assertThat(TableHealth.healthy(RoutingFixtures.error(ErrorCode.ERR_OBJECT_NOT_FOUND), 1))
                .isFalse();
    }

    /** The timeout message says what is missing, and names too few nodes as the cause when it is. */
    @Test
    void theDescriptionNamesTooFewReplicaServers() {
        // two partitions with a primary and one secondary each, all on 127.0.0.1:34801 and 127.0.0.1:40000
        assertThat(TableHealth.describe(RoutingFixtures.config(1, 1, 3, 1, P, P), 3))
                .isEqualTo(
                        "0 of 2 partitions have a primary and 2 secondaries (with a primary: 2); their replicas are on"
                                + " 2 ReplicaServers, fewer than the 3 replicas asked for: the table reaches its replica count"
                                + " once that many ReplicaServers are alive (is one down?)");
        // enough nodes, one partition without a primary yet: no word about nodes
        assertThat(TableHealth.describe(RoutingFixtures.config(1, 1, 3, 2, P, null), 3))
                .isEqualTo("1 of 2 partitions have a primary and 2 secondaries (with a primary: 1)");
    }
}
