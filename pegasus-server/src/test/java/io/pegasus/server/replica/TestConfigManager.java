package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.ConfigProposal;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.thrift.gpid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration-manager role of the MetaServer, reduced to what replica tests need: it holds each partition's
 * configuration, accepts proposals that carry the current ballot (ballot + 1), and pushes every new configuration to
 * the servers. Tests decide failovers themselves. This plays the MetaServer's protocol, not a database.
 */
final class TestConfigManager implements MetaGateway {
    final Map<gpid, PartitionConfig> configs = new ConcurrentHashMap<>();
    final Map<NodeId, ReplicaServer> servers = new ConcurrentHashMap<>();
    final TableInfo table;
    volatile boolean lease = true;
    volatile boolean acceptProposals = true;

    TestConfigManager(TableInfo table) {
        this.table = table;
    }

    void register(ReplicaServer s) {
        servers.put(s.self(), s);
    }

    void unregister(NodeId node) {
        servers.remove(node);
    }

    @Override
    public synchronized CompletableFuture<ProposalOutcome> propose(gpid pid, ConfigProposal proposal) {
        PartitionConfig current = configs.get(pid);
        if (!acceptProposals || current == null || current.ballot() != proposal.ballot()) {
            return CompletableFuture.completedFuture(new ProposalOutcome(ErrorCode.ERR_INVALID_VERSION, current));
        }
        PartitionConfig next = proposal.applyTo(current);
        configs.put(pid, next);
        push(pid, next);
        return CompletableFuture.completedFuture(new ProposalOutcome(ErrorCode.ERR_OK, next));
    }

    @Override
    public CompletableFuture<PartitionConfig> queryConfig(gpid pid, String tableName) {
        PartitionConfig c = configs.get(pid);
        return c == null
                ? CompletableFuture.failedFuture(new IllegalStateException("no configuration for " + pid))
                : CompletableFuture.completedFuture(c);
    }

    @Override
    public boolean leaseValid() {
        return lease;
    }

    /** Sets a partition's configuration and tells every server (as a MetaServer push would). */
    synchronized void assign(gpid pid, PartitionConfig config) {
        configs.put(pid, config);
        push(pid, config);
    }

    /** Replaces the primary with {@code newPrimary}, keeping {@code kept} as secondaries (ballot + 1). */
    synchronized PartitionConfig failover(gpid pid, NodeId newPrimary, List<NodeId> kept) {
        PartitionConfig next = configs.get(pid).nextWithPrimary(newPrimary, kept);
        assign(pid, next);
        return next;
    }

    void addLearner(gpid pid, NodeId learner) {
        PartitionConfig c = configs.get(pid);
        servers.get(c.primary()).stub().onAddLearner(pid, c.ballot(), learner);
    }

    private void push(gpid pid, PartitionConfig config) {
        for (ReplicaServer s : servers.values()) {
            s.stub().onConfig(pid, table, config);
        }
    }
}
