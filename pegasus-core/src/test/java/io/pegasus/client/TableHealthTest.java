package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
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
}
