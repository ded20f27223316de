package io.pegasus.server.meta;

import io.pegasus.server.replication.NodeId;
import io.pegasus.thrift.app_status;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What ZooKeeper holds for the deterministic simulation: the records every MetaServer leader wrote, as one durable
 * {@link ClusterState} that survives leader changes (a new leader loads its snapshot, as {@link MetaStore#load}
 * does). One table with one partition, and the mapping between the simulation's node names and the addresses the
 * MetaServer's classes work with.
 */
public final class SimMetaStore {
    static final int APP_ID = 1;

    private final ClusterState durable = new ClusterState();
    private final List<NodeId> nodes;
    private final Map<NodeId, rpc_address> addresses = new HashMap<>();
    private final Map<rpc_address, NodeId> names = new HashMap<>();
    private final List<io.pegasus.server.replication.PartitionConfig> written = new ArrayList<>();

    /**
     * A store holding one table of one partition whose first configuration is {@code initial} (ballot 1).
     *
     * @param nodes every node of the simulation; the i-th gets address 127.0.0.1:(34801 + i), so the MetaServer's
     *     tie-breaks by address follow the order of {@code nodes}
     */
    public SimMetaStore(List<NodeId> nodes, int replicaCount, io.pegasus.server.replication.PartitionConfig initial) {
        this.nodes = List.copyOf(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            rpc_address a = rpc_address.fromIpPort("127.0.0.1", 34801 + i);
            addresses.put(nodes.get(i), a);
            names.put(a, nodes.get(i));
        }
        Table table = new Table(APP_ID, "sim", 1, replicaCount, app_status.AS_AVAILABLE, Map.of(), 0, 0, 0, 1);
        PartitionConfig first = PartitionConfig.initial(
                APP_ID,
                0,
                replicaCount,
                initial.primary() == null ? PartitionConfig.NONE : address(initial.primary()),
                initial.secondaries().stream().map(this::address).toList());
        write(List.of(
                new MetaRecord.ClusterChanged(APP_ID + 1, 0), new MetaRecord.TableCreated(table, List.of(first))));
    }

    /** A leader's write: durable at once (the simulation has no lost ZooKeeper transactions). */
    void write(List<MetaRecord> records) {
        for (MetaRecord r : records) {
            durable.replay(r);
            if (r instanceof MetaRecord.PartitionChanged pc) {
                written.add(toReplication(pc.config()));
            } else if (r instanceof MetaRecord.TableCreated tc) {
                tc.partitions().forEach(p -> written.add(toReplication(p)));
            }
        }
    }

    /** What a new leader loads. */
    List<MetaRecord> load() {
        return durable.snapshot();
    }

    /** The partition's configuration as last written. */
    public io.pegasus.server.replication.PartitionConfig current() {
        return toReplication(partition());
    }

    /** Every configuration written, oldest first. */
    public List<io.pegasus.server.replication.PartitionConfig> history() {
        return List.copyOf(written);
    }

    PartitionConfig partition() {
        return durable.partition(new gpid(APP_ID, 0)).orElseThrow();
    }

    Table table() {
        return durable.table(APP_ID).orElseThrow();
    }

    List<NodeId> nodes() {
        return nodes;
    }

    rpc_address address(NodeId node) {
        rpc_address a = addresses.get(node);
        if (a == null) {
            throw new IllegalArgumentException("unknown node " + node);
        }
        return a;
    }

    NodeId name(rpc_address address) {
        return names.get(address);
    }

    /** The replicas' view of a configuration (MetaBridge.toConfig does the same on the wire's form). */
    io.pegasus.server.replication.PartitionConfig toReplication(PartitionConfig c) {
        List<NodeId> drops = new ArrayList<>();
        for (rpc_address a : c.lastDrops()) {
            NodeId n = name(a);
            if (!drops.contains(n)) {
                drops.add(n);
            }
        }
        return new io.pegasus.server.replication.PartitionConfig(
                c.ballot(),
                c.hasPrimary() ? name(c.primary()) : null,
                c.secondaries().stream().map(this::name).toList(),
                drops);
    }

    PartitionConfig fromReplication(io.pegasus.server.replication.PartitionConfig c) {
        PartitionConfig now = partition();
        return new PartitionConfig(
                now.pid(),
                c.ballot(),
                now.maxReplicaCount(),
                c.primary() == null ? PartitionConfig.NONE : address(c.primary()),
                c.secondaries().stream().map(this::address).toList(),
                c.lastDrops().stream().map(this::address).toList(),
                now.lastCommittedDecree(),
                List.of());
    }
}
