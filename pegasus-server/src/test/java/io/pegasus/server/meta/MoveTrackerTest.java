package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a balancer move stops counting against the limit: it took effect, became void, or ran out of time. */
class MoveTrackerTest {
    private static final gpid PID = new gpid(1, 0);

    /** One table with one partition: primary n1, secondaries n2 and n3. */
    private static ClusterState cluster() {
        ClusterState s = new ClusterState();
        Table t = new Table(1, "t", 1, 3, app_status.AS_AVAILABLE, Map.of(), 0, 0, 0, 1);
        s.replay(new MetaRecord.TableCreated(t, List.of(PartitionConfig.initial(1, 0, 3, n(1), List.of(n(2), n(3))))));
        return s;
    }

    private static PartitionConfig partition(ClusterState s) {
        return s.partition(PID).orElseThrow();
    }

    private static replica_report report(PartitionConfig c, partition_status status, boolean serving) {
        return new replica_report(new gpid(PID), c.ballot(), status.getValue(), 0, 0, 0).setServing(serving);
    }

    /** Starts a primary move n1 -> n2 as the MetaServer does: the new configuration is written at once. */
    private static PartitionConfig movePrimary(ClusterState s, MoveTracker tracker) {
        Move m = new Move(new gpid(PID), Move.Kind.MOVE_PRIMARY, n(1), n(2), "test");
        PartitionConfig after = Balancer.afterPrimaryMove(partition(s), n(2));
        s.replay(new MetaRecord.PartitionChanged(after));
        tracker.started(m, after, 1_000);
        return after;
    }

    @Test
    void aPrimaryMoveLastsUntilTheNewPrimaryServes() {
        ClusterState s = cluster();
        MoveTracker tracker = new MoveTracker();
        PartitionConfig after = movePrimary(s, tracker);
        ReplicaReports reports = new ReplicaReports();

        // primary at the new ballot but still reconciling: the partition takes no writes yet, the move goes on
        reports.update(n(2), List.of(report(after, partition_status.PS_PRIMARY, false)));
        tracker.settle(s, reports, 10);
        assertThat(tracker.isMoving(PID)).isTrue();
        assertThat(tracker.size()).isEqualTo(1);

        reports.update(n(2), List.of(report(after, partition_status.PS_PRIMARY, true)));
        tracker.settle(s, reports, 20);
        assertThat(tracker.isMoving(PID)).isFalse();
    }

    @Test
    void aPrimaryMoveEndsWhenThePartitionChangesUnderItOrAtItsDeadline() {
        ClusterState s = cluster();
        MoveTracker tracker = new MoveTracker();
        PartitionConfig after = movePrimary(s, tracker);
        ReplicaReports reports = new ReplicaReports();

        // the new primary died and the guardian wrote another configuration: the move is void
        s.replay(new MetaRecord.PartitionChanged(after.next(n(1), List.of(n(3)), List.of(n(2)))));
        tracker.settle(s, reports, 10);
        assertThat(tracker.isMoving(PID)).isFalse();

        ClusterState s2 = cluster();
        MoveTracker t2 = new MoveTracker();
        movePrimary(s2, t2);
        t2.settle(s2, reports, 999);
        assertThat(t2.isMoving(PID)).isTrue();
        t2.settle(s2, reports, 1_000);
        assertThat(t2.isMoving(PID)).as("past its deadline").isFalse();
    }

    @Test
    void aCopyEndsWhenTheTargetIsAMemberOrThePrimaryChanged() {
        ClusterState s = cluster();
        MoveTracker tracker = new MoveTracker();
        rpc_address target = n(4);
        Move copy = new Move(new gpid(PID), Move.Kind.COPY_SECONDARY, n(3), target, "test");
        tracker.started(copy, partition(s), 1_000);
        assertThat(tracker.copyTo(PID, target)).contains(copy);
        assertThat(tracker.copyTo(PID, n(5))).isEmpty();

        tracker.settle(s, new ReplicaReports(), 10);
        assertThat(tracker.inFlight()).containsExactly(copy);

        // the learner's upgrade replaced the source: done
        s.replay(new MetaRecord.PartitionChanged(partition(s).next(n(1), List.of(n(2), target), List.of(n(3)))));
        tracker.settle(s, new ReplicaReports(), 20);
        assertThat(tracker.size()).isZero();

        // the primary changed while learning: the learning session was the old primary's, the copy is void
        ClusterState s2 = cluster();
        MoveTracker t2 = new MoveTracker();
        t2.started(copy, partition(s2), 1_000);
        s2.replay(new MetaRecord.PartitionChanged(partition(s2).next(n(2), List.of(n(3)), List.of(n(1)))));
        t2.settle(s2, new ReplicaReports(), 10);
        assertThat(t2.isMoving(PID)).isFalse();
    }
}
