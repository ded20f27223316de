package io.pegasus.server.meta;

import static io.pegasus.server.meta.Nodes.nodes;
import static io.pegasus.server.meta.Nodes.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.server.zk.ZooKeeperExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ZooKeeper store on a real ZooKeeper: round trips, fencing of a deposed leader, all-or-nothing writes. */
class MetaStoreTest {
    @RegisterExtension
    final ZooKeeperExtension zk = new ZooKeeperExtension();

    private final List<CuratorFramework> clients = new ArrayList<>();

    private CuratorFramework client() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(zk.connectString())
                .sessionTimeoutMs(4000)
                .connectionTimeoutMs(2000)
                .retryPolicy(new RetryOneTime(100))
                .build();
        c.start();
        assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        clients.add(c);
        return c;
    }

    @BeforeEach
    void none() {}

    @AfterEach
    void close() {
        clients.forEach(CuratorFramework::close);
    }

    private static ClusterState load(MetaStore store) throws Exception {
        ClusterState s = new ClusterState();
        s.replayAll(store.load());
        return s;
    }

    @Test
    void whatIsWrittenLoadsBackAsTheSameState() throws Exception {
        MetaStore store = new MetaStore(client(), "/pegasus/test");
        store.claimEpoch("m1");
        ClusterState fresh = load(store);
        assertThat(fresh.tables()).isEmpty();
        assertThat(fresh.nextAppId()).isEqualTo(1);

        ClusterState s = new ClusterState();
        TableOperations ops = Nodes.ops();
        List<Decision<?>> decisions = new ArrayList<>();
        decisions.add(ops.create(s, "a", options(8, 3), nodes(3), Set.of(), false, 1));
        for (Decision<?> d : decisions) {
            store.write(d.records());
            s.replayAll(d.records());
        }
        Decision<Integer> b = ops.create(s, "b", options(2, 1), nodes(3), Set.of(), false, 2);
        store.write(b.records());
        s.replayAll(b.records());
        Decision<Void> drop = ops.drop(s, "a", Nodes.dropOptions(60), false, 3);
        store.write(drop.records());
        s.replayAll(drop.records());
        Decision<Void> tick =
                ClusterGuardian.tick(s, n -> !n.equals(Nodes.n(1)), nodes(3), new ReplicaReports(), c -> false, false);
        store.write(tick.records());
        s.replayAll(tick.records());
        Decision<Void> purge = ops.purgeExpired(s, 100);
        store.write(purge.records());
        s.replayAll(purge.records());

        assertThat(load(store).snapshot()).isEqualTo(s.snapshot());
        // a second store (another MetaServer taking over) sees the same
        MetaStore other = new MetaStore(client(), "/pegasus/test");
        other.claimEpoch("m2");
        assertThat(load(other).snapshot()).isEqualTo(s.snapshot());
    }

    @Test
    void aDeposedLeaderCannotWriteOnceASuccessorClaimedTheEpoch() throws Exception {
        MetaStore old = new MetaStore(client(), "/pegasus/test");
        old.claimEpoch("m1");
        ClusterState s = new ClusterState();
        Decision<Integer> d = Nodes.ops().create(s, "a", options(2, 1), nodes(1), Set.of(), false, 0);
        old.write(d.records());
        s.replayAll(d.records());

        MetaStore successor = new MetaStore(client(), "/pegasus/test");
        successor.claimEpoch("m2");
        Decision<Integer> late = Nodes.ops().create(s, "b", options(2, 1), nodes(1), Set.of(), false, 0);
        assertThatThrownBy(() -> old.write(late.records())).isInstanceOf(MetaStore.FencedException.class);
        assertThat(load(successor).snapshot()).isEqualTo(s.snapshot());
        // the successor writes fine
        successor.write(late.records());
        assertThat(load(successor).liveTable("b")).isPresent();
    }

    @Test
    void aWriteIsAllOrNothing() throws Exception {
        MetaStore store = new MetaStore(client(), "/pegasus/test");
        store.claimEpoch("m1");
        ClusterState s = new ClusterState();
        Decision<Integer> d = Nodes.ops().create(s, "a", options(4, 1), nodes(1), Set.of(), false, 0);
        store.write(d.records());
        s.replayAll(d.records());
        // the same table created again, after a change of the cluster record: the create fails, so nothing lands
        List<MetaRecord> bad = new ArrayList<>();
        bad.add(new MetaRecord.ClusterChanged(99, 1));
        bad.addAll(d.records());
        assertThatThrownBy(() -> store.write(bad)).isInstanceOf(KeeperException.NodeExistsException.class);
        assertThat(load(store).snapshot()).isEqualTo(s.snapshot());
    }

    @Test
    void theLargestTableFitsInOneTransaction() throws Exception {
        MetaStore store = new MetaStore(client(), "/pegasus/test");
        store.claimEpoch("m1");
        ClusterState s = new ClusterState();
        Decision<Integer> d = Nodes.ops().create(s, "big", options(2048, 5), nodes(5), Set.of(), false, 0);
        store.write(d.records());
        s.replayAll(d.records());
        Decision<Void> drop = Nodes.ops().drop(s, "big", Nodes.dropOptions(1), false, 0);
        store.write(drop.records());
        s.replayAll(drop.records());
        Decision<Void> purge = Nodes.ops().purgeExpired(s, 10);
        store.write(purge.records());
        s.replayAll(purge.records());
        assertThat(load(store).tables()).isEmpty();
    }
}
