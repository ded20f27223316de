package io.pegasus.server.meta;

import io.pegasus.server.thrift.cluster_record;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.nodes_record;
import io.pegasus.server.thrift.partition_record;
import io.pegasus.thrift.app_info;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.TransactionOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The cluster state in ZooKeeper. Layout under the configured root (docs/meta-server.md):
 *
 * <pre>
 *   root/leader             the election (Curator LeaderLatch)
 *   root/epoch              the fencing token: its version, bumped by each new leader
 *   root/cluster            cluster_record (next table id, meta level)
 *   root/nodes              nodes_record (ReplicaServers taken out of service)
 *   root/apps/ID            app_info of table ID
 *   root/apps/ID/INDEX      partition_record of partition INDEX
 * </pre>
 *
 * <p>Every {@link #write} is one ZooKeeper transaction that also checks the epoch version this leader claimed, so a
 * deposed leader (one whose successor has claimed a newer epoch) cannot change anything, and a decision is never
 * half-applied. Blocking calls; the leader makes them on its service thread.
 */
final class MetaStore {
    /** Thrown when another leader has claimed a newer epoch: this one must stop acting as leader. */
    static final class FencedException extends Exception {
        private static final long serialVersionUID = 1L;

        FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CuratorFramework zk;
    private final String root;
    private int epochVersion = -1;

    MetaStore(CuratorFramework zk, String root) {
        this.zk = zk;
        this.root = root;
    }

    String leaderPath() {
        return root + "/leader";
    }

    private String epochPath() {
        return root + "/epoch";
    }

    private String clusterPath() {
        return root + "/cluster";
    }

    private String nodesPath() {
        return root + "/nodes";
    }

    private String appsPath() {
        return root + "/apps";
    }

    private String appPath(int appId) {
        return appsPath() + "/" + appId;
    }

    private String partitionPath(int appId, int index) {
        return appPath(appId) + "/" + index;
    }

    /**
     * Claims the epoch for a new leader: creates the layout if this is a new cluster, then bumps the epoch version.
     * From here on, writes of any earlier leader fail. Call before {@link #load}, so the load sees every write that
     * any earlier leader made.
     */
    void claimEpoch(String leaderId) throws Exception {
        createIfMissing(appsPath(), new byte[0]);
        createIfMissing(clusterPath(), RecordCodec.encode(new cluster_record(1, meta_level.ML_STEADY.getValue())));
        createIfMissing(nodesPath(), RecordCodec.encode(new nodes_record(new ArrayList<>())));
        createIfMissing(epochPath(), new byte[0]);
        Stat stat = zk.setData().forPath(epochPath(), leaderId.getBytes(StandardCharsets.UTF_8));
        epochVersion = stat.getVersion();
    }

    private void createIfMissing(String path, byte[] data) throws Exception {
        try {
            zk.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(path, data);
        } catch (KeeperException.NodeExistsException e) {
            // created by an earlier leader
        }
    }

    /** The records that rebuild the stored state (a {@link MetaRecord.ClusterChanged}, then a table per record). */
    List<MetaRecord> load() throws Exception {
        List<MetaRecord> out = new ArrayList<>();
        cluster_record c = RecordCodec.decode(new cluster_record(), zk.getData().forPath(clusterPath()), clusterPath());
        out.add(new MetaRecord.ClusterChanged(c.getNext_app_id(), c.getMeta_level()));
        nodes_record n = RecordCodec.decode(new nodes_record(), zk.getData().forPath(nodesPath()), nodesPath());
        out.add(new MetaRecord.NodesChanged(n.getDraining() == null ? List.of() : n.getDraining()));
        List<String> ids = new ArrayList<>(zk.getChildren().forPath(appsPath()));
        ids.sort(Comparator.comparingInt(Integer::parseInt));
        for (String id : ids) {
            String path = appsPath() + "/" + id;
            Table table = Table.fromAppInfo(
                    RecordCodec.decode(new app_info(), zk.getData().forPath(path), path));
            List<PartitionConfig> parts = new ArrayList<>(table.partitionCount());
            for (int i = 0; i < table.partitionCount(); i++) {
                String p = partitionPath(table.id(), i);
                parts.add(PartitionConfig.fromRecord(
                        RecordCodec.decode(new partition_record(), zk.getData().forPath(p), p)));
            }
            out.add(new MetaRecord.TableCreated(table, parts));
        }
        return out;
    }

    /**
     * Writes the records in one transaction, checked against this leader's epoch.
     *
     * @throws FencedException another leader claimed the epoch: nothing was written
     * @throws Exception any other ZooKeeper failure: whether the records were written is unknown, so the caller must
     *     drop its in-memory state and reload
     */
    void write(List<MetaRecord> records) throws Exception {
        if (records.isEmpty()) {
            return;
        }
        if (epochVersion < 0) {
            throw new IllegalStateException("write before claimEpoch");
        }
        TransactionOp op = zk.transactionOp();
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(op.check().withVersion(epochVersion).forPath(epochPath()));
        for (MetaRecord r : records) {
            addOps(op, r, ops);
        }
        try {
            zk.transaction().forOperations(ops);
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            // the epoch check is the only op expected to fail this way
            throw new FencedException("epoch " + epochVersion + " is no longer current", e);
        }
    }

    private void addOps(TransactionOp op, MetaRecord record, List<CuratorOp> ops) throws Exception {
        if (record instanceof MetaRecord.ClusterChanged c) {
            ops.add(op.setData()
                    .forPath(clusterPath(), RecordCodec.encode(new cluster_record(c.nextAppId(), c.metaLevel()))));
        } else if (record instanceof MetaRecord.TableCreated c) {
            Table t = c.table();
            ops.add(op.create().withMode(CreateMode.PERSISTENT).forPath(appPath(t.id()), encode(t)));
            for (PartitionConfig p : c.partitions()) {
                ops.add(op.create()
                        .withMode(CreateMode.PERSISTENT)
                        .forPath(partitionPath(t.id(), p.pid().partitionIndex()), RecordCodec.encode(p.toRecord())));
            }
        } else if (record instanceof MetaRecord.TableChanged c) {
            ops.add(op.setData().forPath(appPath(c.table().id()), encode(c.table())));
        } else if (record instanceof MetaRecord.PartitionChanged c) {
            PartitionConfig p = c.config();
            ops.add(op.setData()
                    .forPath(
                            partitionPath(p.pid().appId(), p.pid().partitionIndex()),
                            RecordCodec.encode(p.toRecord())));
        } else if (record instanceof MetaRecord.NodesChanged c) {
            ops.add(op.setData()
                    .forPath(nodesPath(), RecordCodec.encode(new nodes_record(new ArrayList<>(c.draining())))));
        } else if (record instanceof MetaRecord.TableRemoved c) {
            for (int i = 0; i < c.partitionCount(); i++) {
                ops.add(op.delete().forPath(partitionPath(c.appId(), i)));
            }
            ops.add(op.delete().forPath(appPath(c.appId())));
        } else {
            throw new IllegalArgumentException("unknown record " + record);
        }
    }

    private static byte[] encode(Table t) {
        return RecordCodec.encode(t.toAppInfo());
    }
}
