package io.pegasus.server.meta;

import io.pegasus.server.thrift.meta_level;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The MetaServer's in-memory view of the cluster: tables, the configuration of every partition, the next table id
 * and the meta level. It changes only through {@link #replay}; everything else reads it. Not thread-safe: the
 * leader confines it to its service thread.
 *
 * <p>Invariant: at most one table per name is not dropped ({@link #liveTable(String)}); dropped tables keep their
 * partitions (emptied, with recovery candidates) until purged, so that a recall can reopen them.
 */
public final class ClusterState {
    private final NavigableMap<Integer, Table> tables = new TreeMap<>();
    private final Map<Integer, PartitionConfig[]> partitions = new HashMap<>();
    private final Map<String, Integer> liveByName = new HashMap<>();
    private int nextAppId = 1;
    private int metaLevel = meta_level.ML_STEADY.getValue();
    private final TreeSet<rpc_address> draining = new TreeSet<>();

    /** Applies one record. Records come from decisions made on this very state, so they are trusted. */
    public void replay(MetaRecord record) {
        // (Java 17 has no pattern matching for switch; the chain covers every permitted record type)
        if (record instanceof MetaRecord.ClusterChanged c) {
            nextAppId = c.nextAppId();
            metaLevel = c.metaLevel();
        } else if (record instanceof MetaRecord.TableCreated c) {
            Table t = c.table();
            putTable(t);
            PartitionConfig[] ps = new PartitionConfig[t.partitionCount()];
            for (PartitionConfig p : c.partitions()) {
                ps[p.pid().partitionIndex()] = p;
            }
            partitions.put(t.id(), ps);
            nextAppId = Math.max(nextAppId, t.id() + 1);
        } else if (record instanceof MetaRecord.TableChanged c) {
            putTable(c.table());
        } else if (record instanceof MetaRecord.PartitionChanged c) {
            gpid pid = c.config().pid();
            partitions.get(pid.appId())[pid.partitionIndex()] = c.config();
        } else if (record instanceof MetaRecord.NodesChanged c) {
            draining.clear();
            draining.addAll(c.draining());
        } else if (record instanceof MetaRecord.TableRemoved c) {
            Table old = tables.remove(c.appId());
            if (old != null) {
                liveByName.remove(old.name(), old.id());
            }
            partitions.remove(c.appId());
        } else {
            throw new IllegalArgumentException("unknown record " + record);
        }
    }

    public void replayAll(Collection<MetaRecord> records) {
        records.forEach(this::replay);
    }

    private void putTable(Table t) {
        Table old = tables.put(t.id(), t);
        if (old != null) {
            liveByName.remove(old.name(), old.id());
        }
        if (!t.isDropped()) {
            liveByName.put(t.name(), t.id());
        }
    }

    public int nextAppId() {
        return nextAppId;
    }

    /** The recorded meta level ({@link meta_level} value). */
    public int metaLevel() {
        return metaLevel;
    }

    /** ReplicaServers taken out of service: their replicas move away and they receive no new ones. */
    public Set<rpc_address> draining() {
        return Collections.unmodifiableSet(draining);
    }

    public boolean isDraining(rpc_address node) {
        return draining.contains(node);
    }

    /** Every table, dropped ones included, by ascending id. */
    public Collection<Table> tables() {
        return Collections.unmodifiableCollection(tables.values());
    }

    public Optional<Table> table(int appId) {
        return Optional.ofNullable(tables.get(appId));
    }

    /** The table of that name that is not dropped, if any. */
    public Optional<Table> liveTable(String name) {
        Integer id = liveByName.get(name);
        return id == null ? Optional.empty() : Optional.of(tables.get(id));
    }

    /** The partitions of a table in index order (empty for an unknown table). */
    public List<PartitionConfig> partitions(int appId) {
        PartitionConfig[] ps = partitions.get(appId);
        return ps == null ? List.of() : List.of(ps);
    }

    public Optional<PartitionConfig> partition(gpid pid) {
        PartitionConfig[] ps = partitions.get(pid.appId());
        if (ps == null || pid.partitionIndex() < 0 || pid.partitionIndex() >= ps.length) {
            return Optional.empty();
        }
        return Optional.of(ps[pid.partitionIndex()]);
    }

    /** Every node that is a member of a partition of a table that is not dropped. */
    public List<rpc_address> memberNodes() {
        Set<rpc_address> nodes = new TreeSet<>();
        for (Table t : tables.values()) {
            if (!t.isDropped()) {
                for (PartitionConfig p : partitions.get(t.id())) {
                    nodes.addAll(p.members());
                }
            }
        }
        return new ArrayList<>(nodes);
    }

    /** Replica and primary counts per node over the tables that are not dropped (placement input). */
    public NodeLoad load() {
        NodeLoad load = new NodeLoad();
        for (Table t : tables.values()) {
            if (!t.isDropped()) {
                for (PartitionConfig p : partitions.get(t.id())) {
                    load.add(p);
                }
            }
        }
        return load;
    }

    /** Records that rebuild this state from nothing: what {@link MetaStore#load} returns for it. */
    public List<MetaRecord> snapshot() {
        List<MetaRecord> out = new ArrayList<>();
        out.add(new MetaRecord.ClusterChanged(nextAppId, metaLevel));
        out.add(new MetaRecord.NodesChanged(new ArrayList<>(draining)));
        for (Table t : tables.values()) {
            out.add(new MetaRecord.TableCreated(t, partitions(t.id())));
        }
        return out;
    }
}
