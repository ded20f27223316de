package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.n;
import static io.pegasus.server.meta.Nodes.nodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The greedy balancer's decisions, played to the end: each planned move is applied through the same decisions the
 * MetaServer uses (a primary move's configuration; a copy's upgrade proposal replacing the source), then the balancer
 * is asked again, until it proposes nothing.
 */
class BalancerTest {
    private static final Predicate<rpc_address> ALL_USABLE = n -> true;
    private static final Predicate<gpid> NOT_BUSY = p -> false;

    /** Applies a move as the MetaServer does: a primary move at once, a copy when its learner's upgrade arrives. */
    private static void apply(ClusterState s, Move m) {
        PartitionConfig c = s.partition(m.pid()).orElseThrow();
        if (m.kind() == Move.Kind.MOVE_PRIMARY) {
            s.replay(new MetaRecord.PartitionChanged(Balancer.afterPrimaryMove(c, m.target())));
            return;
        }
        update_configuration_request req = new update_configuration_request();
        req.setNode(c.primary());
        req.setPid(new gpid(c.pid()));
        req.setBallot(c.ballot());
        req.setType(config_change_type.CC_UPGRADE_TO_SECONDARY.getValue());
        req.setTarget(m.target());
        Table t = s.table(m.pid().appId()).orElseThrow();
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(t, c, req, ALL_USABLE, Optional.of(m.source()));
        assertThat(d.ok()).as("upgrade of %s", m).isTrue();
        s.replayAll(d.records());
    }

    /** Plans and applies until the balancer is done; returns every move made. */
    private static List<Move> runToEnd(ClusterState s, List<rpc_address> eligible, Balancer.Scope scope, int budget) {
        List<Move> all = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            List<Move> moves = Balancer.plan(s, eligible, ALL_USABLE, NOT_BUSY, List.of(), scope, budget);
            if (moves.isEmpty()) {
                return all;
            }
            moves.forEach(m -> apply(s, m));
            all.addAll(moves);
        }
        throw new AssertionError("the balancer did not stop: " + all);
    }

    private static void assertEvenlySpread(ClusterState s, List<rpc_address> over) {
        NodeLoad load = s.load();
        int replicas = over.stream().mapToInt(load::replicas).sum();
        int primaries = over.stream().mapToInt(load::primaries).sum();
        for (rpc_address node : over) {
            assertThat(load.replicas(node))
                    .as("replicas on %s", node)
                    .isBetween(replicas / over.size(), (replicas + over.size() - 1) / over.size());
            assertThat(load.primaries(node))
                    .as("primaries on %s", node)
                    .isBetween(primaries / over.size(), (primaries + over.size() - 1) / over.size());
        }
    }

    private static void assertWhole(ClusterState s) {
        for (Table t : s.tables()) {
            for (PartitionConfig c : s.partitions(t.id())) {
                assertThat(c.hasPrimary()).isTrue();
                assertThat(c.memberCount()).as("members of %s", c).isEqualTo(t.replicaCount());
                assertThat(new HashSet<>(c.members())).hasSize(c.memberCount());
            }
        }
    }

    /** A table whose partitions are placed exactly as given: {primary, secondaries...} per partition. */
    private static ClusterState tableOf(ClusterState s, int replicas, rpc_address[]... partitions) {
        int id = s.nextAppId();
        List<PartitionConfig> parts = new ArrayList<>();
        for (int i = 0; i < partitions.length; i++) {
            rpc_address[] p = partitions[i];
            parts.add(PartitionConfig.initial(id, i, replicas, p[0], List.of(p).subList(1, p.length)));
        }
        Table t = new Table(
                id,
                "t" + id,
                partitions.length,
                replicas,
                app_status.AS_AVAILABLE,
                Map.of(),
                0,
                0,
                0,
                partitions.length);
        s.replay(new MetaRecord.TableCreated(t, parts));
        return s;
    }

    private static rpc_address[] p(int... members) {
        rpc_address[] out = new rpc_address[members.length];
        for (int i = 0; i < members.length; i++) {
            out[i] = n(members[i]);
        }
        return out;
    }

    @Test
    void anEvenClusterGetsNoMove() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(3));
        assertThat(Balancer.plan(s, nodes(3), ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.FULL, 10))
                .isEmpty();
    }

    @Test
    void aNewNodeGetsItsFairShareOfReplicasAndPrimaries() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(3));
        List<Move> moves = runToEnd(s, nodes(4), Balancer.Scope.FULL, 2);
        assertWhole(s);
        assertEvenlySpread(s, nodes(4));
        NodeLoad load = s.load();
        assertThat(load.replicas(n(4))).isEqualTo(6);
        assertThat(load.primaries(n(4))).isEqualTo(2);
        // it had to receive replicas before it could take primaries: the first moves are copies to it
        assertThat(moves.get(0).kind()).isEqualTo(Move.Kind.COPY_SECONDARY);
        assertThat(moves.get(0).target()).isEqualTo(n(4));
        // no more moves than needed: 6 copies and 2 primary moves
        assertThat(moves).filteredOn(m -> m.kind() == Move.Kind.COPY_SECONDARY).hasSize(6);
        assertThat(moves).filteredOn(m -> m.kind() == Move.Kind.MOVE_PRIMARY).hasSize(2);
    }

    @Test
    void primariesMoveFirstBecauseTheyAreCheap() {
        // replicas even (each node 4 of 4 partitions x 3 on 3 nodes), every primary on n1
        ClusterState s =
                tableOf(new ClusterState(), 3, p(1, 2, 3), p(1, 2, 3), p(1, 2, 3), p(1, 2, 3), p(1, 2, 3), p(1, 2, 3));
        List<Move> moves = runToEnd(s, nodes(3), Balancer.Scope.FULL, 1);
        assertThat(moves).allMatch(m -> m.kind() == Move.Kind.MOVE_PRIMARY).hasSize(4);
        assertEvenlySpread(s, nodes(3));
    }

    @Test
    void tablesAreBalancedEachAndThenTheClusterAsAWhole() {
        // six tables of one partition with 2 replicas, all on n1 and n2: each table is as even as it can be, the
        // cluster is not (n3 holds nothing)
        ClusterState s = new ClusterState();
        for (int i = 0; i < 6; i++) {
            tableOf(s, 2, i % 2 == 0 ? p(1, 2) : p(2, 1));
        }
        runToEnd(s, nodes(3), Balancer.Scope.FULL, 3);
        assertWhole(s);
        assertEvenlySpread(s, nodes(3));
    }

    @Test
    void aDrainingNodeIsEmptiedPrimariesFirstAndReceivesNothing() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(4));
        s.replay(new MetaRecord.NodesChanged(List.of(n(2))));
        List<rpc_address> eligible = List.of(n(1), n(3), n(4));
        List<Move> first = Balancer.plan(s, eligible, ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.DRAIN_ONLY, 100);
        int primariesOnN2 = s.load().primaries(n(2));
        assertThat(primariesOnN2).isPositive();
        assertThat(first.subList(0, primariesOnN2)).allMatch(m -> m.kind() == Move.Kind.MOVE_PRIMARY);
        assertThat(first).allMatch(m -> m.source().equals(n(2)) && !m.target().equals(n(2)));

        List<Move> all = runToEnd(s, eligible, Balancer.Scope.DRAIN_ONLY, 2);
        assertThat(all).allMatch(m -> !m.target().equals(n(2)));
        assertThat(s.load().replicas(n(2))).isZero();
        assertWhole(s);
    }

    @Test
    void primariesLeaveANodeBelowItsDiskReserveButItsSecondariesStay() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(3));
        int primariesOnN2 = s.load().primaries(n(2));
        assertThat(primariesOnN2).isPositive();
        // n2 is still eligible as the caller sees it (alive, not draining): being low is enough to lead nothing
        List<Move> moves =
                Balancer.plan(s, nodes(3), Set.of(n(2)), ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.FULL, 100);
        assertThat(moves)
                .hasSize(primariesOnN2)
                .allMatch(m -> m.kind() == Move.Kind.MOVE_PRIMARY
                        && m.source().equals(n(2))
                        && !m.target().equals(n(2))
                        && m.reason().contains("disk"));
        moves.forEach(m -> apply(s, m));
        assertThat(s.load().primaries(n(2))).isZero();
        assertThat(s.load().replicas(n(2))).isEqualTo(8); // no copies: its data stays, it only stops leading

        // every node low (one shared disk): nowhere to go, nothing moves (no ping-pong between low nodes); the
        // partitions stay readable
        ClusterState all = Nodes.withTable("a", 8, 3, nodes(3));
        assertThat(Balancer.plan(
                        all, nodes(3), Set.copyOf(nodes(3)), ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.FULL, 100))
                .isEmpty();
    }

    @Test
    void drainOnlyScopeDoesNotEvenOutTheRest() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(3));
        assertThat(Balancer.plan(s, nodes(4), ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.DRAIN_ONLY, 10))
                .isEmpty();
    }

    @Test
    void theBudgetLimitsMovesAndMovesInFlightCountAsDone() {
        ClusterState s = Nodes.withTable("a", 8, 3, nodes(3));
        List<Move> two = Balancer.plan(s, nodes(4), ALL_USABLE, NOT_BUSY, List.of(), Balancer.Scope.FULL, 2);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).pid()).isNotEqualTo(two.get(1).pid());

        // with those two under way, the next plan moves other partitions, and only as many as still needed
        List<Move> rest = Balancer.plan(s, nodes(4), ALL_USABLE, NOT_BUSY, two, Balancer.Scope.FULL, 100);
        Set<gpid> inFlight = Set.of(two.get(0).pid(), two.get(1).pid());
        assertThat(rest).noneMatch(m -> inFlight.contains(m.pid()));
        assertThat(rest).filteredOn(m -> m.kind() == Move.Kind.COPY_SECONDARY).hasSize(4);
    }

    @Test
    void onlyHealthyPartitionsMove() {
        ClusterState s = tableOf(new ClusterState(), 3, p(1, 2, 3), p(1, 2, 3), p(1, 2), p(1, 2, 3));
        // partition 2 is under-replicated, partition 1 has a move in flight, partition 3 is busy
        List<Move> moves = Balancer.plan(
                s,
                nodes(3),
                ALL_USABLE,
                pid -> pid.partitionIndex() == 3,
                List.of(new Move(new gpid(1, 1), Move.Kind.COPY_SECONDARY, n(2), n(4), "earlier")),
                Balancer.Scope.FULL,
                10);
        assertThat(moves).isNotEmpty().allMatch(m -> m.pid().partitionIndex() == 0);

        // with n3 not usable, every partition lacks a usable member or a replica: nothing moves
        assertThat(Balancer.plan(s, nodes(3), n -> !n.equals(n(3)), NOT_BUSY, List.of(), Balancer.Scope.FULL, 10))
                .isEmpty();
    }

    @Test
    void anUpgradeThatIsNotABalancerCopyStillNeedsRoom() {
        ClusterState s = Nodes.withTable("a", 1, 3, nodes(3));
        PartitionConfig c = s.partitions(1).get(0);
        update_configuration_request req = new update_configuration_request();
        req.setNode(c.primary());
        req.setPid(new gpid(c.pid()));
        req.setBallot(c.ballot());
        req.setType(config_change_type.CC_UPGRADE_TO_SECONDARY.getValue());
        req.setTarget(n(4));
        Table t = s.table(1).orElseThrow();
        assertThat(PartitionGuardian.onProposal(t, c, req, ALL_USABLE).error())
                .isEqualTo(ErrorCode.ERR_INVALID_PARAMETERS);

        rpc_address source = c.secondaries().get(0);
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(t, c, req, ALL_USABLE, Optional.of(source));
        assertThat(d.ok()).isTrue();
        assertThat(d.result().ballot()).isEqualTo(c.ballot() + 1);
        assertThat(d.result().members()).contains(n(4)).doesNotContain(source).hasSize(3);
        // the replaced node is told, so that it closes its replica
        assertThat(d.actions()).anyMatch(a -> a.node().equals(source));
    }

    @Test
    void drainingIsRecordedAndOnlyForKnownNodes() {
        ClusterState s = Nodes.withTable("a", 4, 3, nodes(3));
        assertThat(NodeOperations.setDraining(s, n(9), true, false).error()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
        Decision<Integer> d = NodeOperations.setDraining(s, n(1), true, true);
        assertThat(d.result()).isEqualTo(4);
        s.replayAll(d.records());
        assertThat(s.draining()).containsExactly(n(1));
        assertThat(NodeOperations.setDraining(s, n(1), true, true).records()).isEmpty();
        ClusterState copy = new ClusterState();
        copy.replayAll(s.snapshot());
        assertThat(copy.draining()).containsExactly(n(1));
        s.replayAll(NodeOperations.setDraining(s, n(1), false, true).records());
        assertThat(s.draining()).isEmpty();
    }
}
