package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.util.HashMap;
import java.util.Map;

/** How many replicas and primaries each node holds: what placement balances. Mutable; a working copy per decision. */
public final class NodeLoad {
    private final Map<rpc_address, int[]> counts = new HashMap<>();

    public void add(PartitionConfig p) {
        if (p.hasPrimary()) {
            addPrimary(p.primary());
        }
        for (rpc_address s : p.secondaries()) {
            addSecondary(s);
        }
    }

    public void addPrimary(rpc_address node) {
        int[] c = counts.computeIfAbsent(node, n -> new int[2]);
        c[0]++;
        c[1]++;
    }

    public void addSecondary(rpc_address node) {
        counts.computeIfAbsent(node, n -> new int[2])[0]++;
    }

    /** Replicas (primaries included) on the node. */
    public int replicas(rpc_address node) {
        int[] c = counts.get(node);
        return c == null ? 0 : c[0];
    }

    public int primaries(rpc_address node) {
        int[] c = counts.get(node);
        return c == null ? 0 : c[1];
    }
}
