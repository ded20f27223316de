package io.pegasus.server.replication;

import static io.pegasus.server.replication.Scenario.N1;
import static io.pegasus.server.replication.Scenario.N2;
import static io.pegasus.server.replication.Scenario.N3;
import static io.pegasus.server.replication.Scenario.N4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionConfigTest {

    private static final PartitionConfig C = PartitionConfig.of(4, N1, N2, N3);

    @Test
    void everyChangeRaisesTheBallotByOne() {
        assertThat(C.nextWithoutSecondary(N2).ballot()).isEqualTo(5);
        assertThat(C.nextWithSecondary(N4).ballot()).isEqualTo(5);
        assertThat(C.nextWithPrimary(N2, List.of(N3)).ballot()).isEqualTo(5);
        assertThat(C.nextWithoutMembers().ballot()).isEqualTo(5);
    }

    @Test
    void removedMembersGoToLastDropsNewestLast() {
        PartitionConfig afterRemove = C.nextWithoutSecondary(N3);
        assertThat(afterRemove).isEqualTo(new PartitionConfig(5, N1, List.of(N2), List.of(N3)));
        PartitionConfig promoted = afterRemove.nextWithPrimary(N2, List.of());
        assertThat(promoted).isEqualTo(new PartitionConfig(6, N2, List.of(), List.of(N3, N1)));
        PartitionConfig empty = promoted.nextWithoutMembers();
        assertThat(empty.lastDrops()).containsExactly(N3, N1, N2);
        assertThat(empty.latestDrop()).isEqualTo(N2);
        assertThat(empty.hasPrimary()).isFalse();
    }

    @Test
    void aNodeThatComesBackLeavesLastDrops() {
        PartitionConfig c = C.nextWithoutSecondary(N3).nextWithSecondary(N3);
        assertThat(c.lastDrops()).isEmpty();
        assertThat(c.secondaries()).containsExactly(N2, N3);
    }

    @Test
    void malformedConfigurationsAreRejected() {
        assertThatThrownBy(() -> PartitionConfig.of(1, N1, N1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionConfig.of(1, N1, N2, N2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionConfig.of(-1, N1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> C.nextWithSecondary(N2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> C.nextWithoutSecondary(N4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void membershipQueries() {
        assertThat(C.members()).containsExactly(N1, N2, N3);
        assertThat(C.memberCount()).isEqualTo(3);
        assertThat(C.isPrimary(N1)).isTrue();
        assertThat(C.isSecondary(N1)).isFalse();
        assertThat(C.isMember(N4)).isFalse();
        assertThat(C.sameMembers(PartitionConfig.of(9, N1, N3, N2))).isTrue();
        assertThat(PartitionConfig.empty().members()).isEmpty();
    }
}
