package io.pegasus.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.SimCluster;

/** Shared helpers of the scenario tests: node names and assertions about the whole partition. */
final class Scenario {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final NodeId N4 = NodeId.of("n4");

    private Scenario() {}

    static SimCluster.Options options() {
        return new SimCluster.Options();
    }

    static SimCluster.Options options(ReplicaOptions.Builder replica) {
        return new SimCluster.Options().replica(replica.build());
    }

    static ReplicaOptions.Builder replicaOptions() {
        return new SimCluster.Options().replica.toBuilder();
    }

    /** Runs until the partition is fully healthy, then checks no acknowledged write is missing. */
    static void assertHeals(SimCluster c) {
        assertThat(c.runUntilHealthy(20_000))
                .as("partition did not heal: %s", c.describe())
                .isTrue();
        c.assertNoAcknowledgedWriteLost();
    }

    static void assertReplica(SimCluster c, NodeId node, Role role, long ballot, long committed, long prepared) {
        ReplicaStatus s = c.node(node).status();
        assertThat(s.role()).as("role of %s in %s", node, c.describe()).isEqualTo(role);
        assertThat(s.ballot()).as("ballot of %s in %s", node, c.describe()).isEqualTo(ballot);
        assertThat(s.committedDecree())
                .as("committed decree of %s in %s", node, c.describe())
                .isEqualTo(committed);
        assertThat(s.preparedDecree())
                .as("prepared decree of %s in %s", node, c.describe())
                .isEqualTo(prepared);
    }

    static History.Status status(SimCluster c, long op) {
        return c.op(op).status();
    }

    /** Runs until the operation is answered and checks it succeeded. */
    static void assertAcknowledged(SimCluster c, long op) {
        c.runUntil(() -> c.op(op).status() != History.Status.PENDING, 5_000);
        assertThat(c.op(op).status()).as("%s in %s", c.op(op), c.describe()).isEqualTo(History.Status.OK);
    }

    /** Writes and waits for the acknowledgement. */
    static long writeAcknowledged(SimCluster c, String key, String value) {
        long id = c.write(key, value);
        assertAcknowledged(c, id);
        return id;
    }
}
