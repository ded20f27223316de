package io.pegasus.server.meta;

import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The balancer's moves that are under way, so that at most {@code meta.balancer_max_concurrent_moves} run at once and
 * a partition is never moved twice at a time. Soft state, like {@link LearnerTracker}: a new leader starts with none
 * (a copy whose upgrade then arrives is refused as over the replica count, and the learner is dropped).
 *
 * <p>A move ends when it took effect (a primary move once the new primary reports that it serves at the new ballot,
 * that is, it finished reconciling: until then the partition takes no writes, so the limit bounds how many partitions
 * the balancer keeps from serving; a copy once the target is a member), when the partition changed under it in a way
 * that makes it void (another ballot for a primary move, another primary for a copy: the learning session was the
 * old primary's), or at its deadline.
 */
final class MoveTracker {
    private record InFlight(Move move, long ballot, rpc_address primary, long deadlineMs) {}

    private final Map<gpid, InFlight> moves = new LinkedHashMap<>();

    /** A move was started on a partition whose configuration is now {@code after}. */
    void started(Move m, PartitionConfig after, long deadlineMs) {
        moves.put(new gpid(m.pid()), new InFlight(m, after.ballot(), after.primary(), deadlineMs));
    }

    boolean isMoving(gpid pid) {
        return moves.containsKey(pid);
    }

    /** The copy under way to {@code learner} on {@code pid}, if any. */
    Optional<Move> copyTo(gpid pid, rpc_address learner) {
        InFlight f = moves.get(pid);
        return f != null
                        && f.move().kind() == Move.Kind.COPY_SECONDARY
                        && f.move().target().equals(learner)
                ? Optional.of(f.move())
                : Optional.empty();
    }

    void done(gpid pid) {
        moves.remove(pid);
    }

    int size() {
        return moves.size();
    }

    List<Move> inFlight() {
        List<Move> out = new ArrayList<>();
        moves.values().forEach(f -> out.add(f.move()));
        return out;
    }

    /** Ends the moves that took effect, became void or ran out of time (pure bookkeeping, no decision). */
    void settle(ClusterState s, ReplicaReports reports, long nowMs) {
        Iterator<InFlight> it = moves.values().iterator();
        while (it.hasNext()) {
            InFlight f = it.next();
            Move m = f.move();
            Optional<PartitionConfig> c = s.partition(m.pid());
            boolean available = s.table(m.pid().appId()).map(Table::isAvailable).orElse(false);
            if (c.isEmpty() || !available || nowMs >= f.deadlineMs()) {
                it.remove();
                continue;
            }
            PartitionConfig now = c.get();
            if (m.kind() == Move.Kind.MOVE_PRIMARY) {
                boolean serving = reports.get(m.pid(), m.target())
                        .filter(r -> r.getStatus() == partition_status.PS_PRIMARY.getValue() && r.isServing())
                        .map(replica_report::getBallot)
                        .filter(b -> b >= f.ballot())
                        .isPresent();
                if (serving || now.ballot() != f.ballot()) {
                    it.remove();
                }
            } else if (now.isMember(m.target()) || !now.primary().equals(f.primary())) {
                it.remove();
            }
        }
    }
}
