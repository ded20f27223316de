package io.pegasus.server.meta;

import io.pegasus.server.thrift.replica_report;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replicas each node last said it holds (configuration sync), with their decrees. Observations, not decisions:
 * kept in memory only, rebuilt from the nodes' next syncs after a failover. The guardian reads them to choose a new
 * primary (highest committed decree) and to reopen a partition that lost every replica.
 */
public final class ReplicaReports {
    private final Map<gpid, Map<rpc_address, replica_report>> byPartition = new HashMap<>();
    private final Map<rpc_address, List<replica_report>> byNode = new HashMap<>();

    /** Replaces everything known about {@code node} with its latest report. */
    public void update(rpc_address node, List<replica_report> reports) {
        forget(node);
        List<replica_report> copy = List.copyOf(reports);
        byNode.put(node, copy);
        for (replica_report r : copy) {
            if (r.getPid() != null) {
                byPartition
                        .computeIfAbsent(new gpid(r.getPid()), k -> new HashMap<>())
                        .put(node, r);
            }
        }
    }

    /** Drops what {@code node} reported (it died or restarted: its replicas are no longer what it said). */
    public void forget(rpc_address node) {
        List<replica_report> old = byNode.remove(node);
        if (old == null) {
            return;
        }
        for (replica_report r : old) {
            if (r.getPid() == null) {
                continue;
            }
            Map<rpc_address, replica_report> m = byPartition.get(r.getPid());
            if (m != null) {
                m.remove(node);
                if (m.isEmpty()) {
                    byPartition.remove(r.getPid());
                }
            }
        }
    }

    public Optional<replica_report> get(gpid pid, rpc_address node) {
        Map<rpc_address, replica_report> m = byPartition.get(pid);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(node));
    }

    /** Every node that reported holding {@code pid}. */
    public Map<rpc_address, replica_report> holders(gpid pid) {
        Map<rpc_address, replica_report> m = byPartition.get(pid);
        return m == null ? Map.of() : Map.copyOf(m);
    }

    /** Whether {@code node} has sent a report since it was last forgotten. */
    public boolean hasReported(rpc_address node) {
        return byNode.containsKey(node);
    }
}
