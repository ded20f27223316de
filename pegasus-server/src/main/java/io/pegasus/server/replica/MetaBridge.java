package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.agent.ConfigSyncResult;
import io.pegasus.server.agent.MetaAgent;
import io.pegasus.server.agent.MetaAgentListener;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.server.replication.ConfigProposal;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.replication.Role;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Connects the node's {@link MetaAgent} to its replicas: the MetaServer's orders (configurations, learners, closes,
 * the lease) go to the {@link ReplicaStub}; the replicas' reports and proposals go to the MetaServer. Translates between
 * the wire's {@code partition_configuration} (rpc_address) and replication's {@link PartitionConfig} (NodeId
 * "ip:port").
 */
final class MetaBridge implements MetaAgentListener, MetaGateway {
    private volatile ReplicaStub stub;
    private volatile MetaAgent agent;
    private volatile MetaAdminClient queries;
    private volatile java.util.concurrent.Executor queryPool;

    void attach(ReplicaStub stub, MetaAgent agent, MetaAdminClient queries, java.util.concurrent.Executor pool) {
        this.stub = stub;
        this.agent = agent;
        this.queries = queries;
        this.queryPool = pool;
    }

    // ---- MetaGateway: the replicas' side --------------------------------------------------------------------

    @Override
    public CompletableFuture<ProposalOutcome> propose(gpid pid, ConfigProposal proposal) {
        ReplicaDriver r = stub.get(pid);
        long committed = r == null ? 0 : r.status().committedDecree();
        int type = proposal.type() == ConfigProposal.Type.REMOVE_SECONDARY
                ? config_change_type.CC_REMOVE_SECONDARY.getValue()
                : config_change_type.CC_UPGRADE_TO_SECONDARY.getValue();
        update_configuration_request req = new update_configuration_request(
                address(stub.self()), pid, proposal.ballot(), type, address(proposal.node()), committed);
        return agent.proposeUpdate(req)
                .thenApply(resp -> new ProposalOutcome(
                        resp.getErr() == null
                                ? ErrorCode.ERR_UNKNOWN
                                : resp.getErr().code(),
                        resp.getConfig() == null ? null : toConfig(resp.getConfig())));
    }

    @Override
    public CompletableFuture<PartitionConfig> queryConfig(gpid pid, String tableName) {
        return CompletableFuture.supplyAsync(
                () -> {
                    query_cfg_response r;
                    try {
                        r = queries.queryConfig(tableName);
                    } catch (io.pegasus.rpc.RpcException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                    if (r.getErr() == null || r.getErr().code() != ErrorCode.ERR_OK || r.getApp_id() != pid.appId()) {
                        throw new IllegalStateException(
                                "query of " + tableName + " for " + pid + " answered " + r.getErr());
                    }
                    for (partition_configuration pc : r.getPartitions()) {
                        if (pc.getPid().partitionIndex() == pid.partitionIndex()) {
                            return toConfig(pc);
                        }
                    }
                    throw new IllegalStateException("no partition " + pid + " in the answer for " + tableName);
                },
                queryPool);
    }

    @Override
    public void primaryServing(gpid pid) {
        MetaAgent a = agent;
        if (a != null) {
            a.requestConfigSync();
        }
    }

    @Override
    public boolean leaseValid() {
        MetaAgent a = agent;
        return a != null && a.isLeaseValid();
    }

    // ---- MetaAgentListener: the MetaServer's side -------------------------------------------------------------

    @Override
    public boolean diskLow() {
        ReplicaStub s = stub;
        return s != null && s.disk().low();
    }

    @Override
    public List<replica_report> replicaReports() {
        List<replica_report> out = new ArrayList<>();
        for (ReplicaStub.Report r : stub.reports()) {
            ReplicaStatus s = r.status();
            long durable;
            try {
                durable = stub.get(r.pid()) == null
                        ? 0
                        : stub.get(r.pid()).store().lastDurableDecree();
            } catch (RuntimeException e) {
                durable = 0;
            }
            replica_report report = new replica_report(
                    r.pid(), s.ballot(), status(s.role()), s.committedDecree(), s.preparedDecree(), durable);
            out.add(report.setServing(s.serving() && s.role() == Role.PRIMARY));
        }
        for (ReplicaStub.KeptReplica k : stub.keptReplicas()) {
            out.add(new replica_report(
                    k.pid(),
                    k.ballot(),
                    partition_status.PS_INACTIVE.getValue(),
                    k.committedDecree(),
                    k.committedDecree(),
                    k.committedDecree()));
        }
        return out;
    }

    private static int status(Role role) {
        return switch (role) {
            case PRIMARY -> partition_status.PS_PRIMARY.getValue();
            case SECONDARY -> partition_status.PS_SECONDARY.getValue();
            case POTENTIAL_SECONDARY -> partition_status.PS_POTENTIAL_SECONDARY.getValue();
            case INACTIVE -> partition_status.PS_INACTIVE.getValue();
            case ERROR -> partition_status.PS_ERROR.getValue();
        };
    }

    @Override
    public void onLeaseExpired() {
        stub.onLease(false);
    }

    @Override
    public void onLeaseRenewed() {
        stub.onLease(true);
    }

    @Override
    public void onConfigSync(ConfigSyncResult sync) {
        for (partition_configuration pc : sync.partitions()) {
            app_info app = sync.apps().get(pc.getPid().appId());
            if (app != null) {
                stub.onConfig(pc.getPid(), table(app), toConfig(pc));
            }
        }
        sync.toClose().forEach(stub::closeReplica);
        sync.toDelete().forEach(stub::removeReplica);
    }

    @Override
    public void onConfigUpdate(app_info app, partition_configuration config) {
        stub.onConfig(config.getPid(), table(app), toConfig(config));
    }

    @Override
    public void onAddLearner(app_info app, partition_configuration config, rpc_address learner) {
        stub.onAddLearner(config.getPid(), config.getBallot(), node(learner));
    }

    @Override
    public void onRemoveReplica(gpid pid, boolean deleteData) {
        if (deleteData) {
            stub.removeReplica(pid);
        } else {
            stub.closeReplica(pid);
        }
    }

    // ---- translation -------------------------------------------------------------------------------------------

    static TableInfo table(app_info app) {
        return new TableInfo(
                app.getApp_name() == null ? "" : app.getApp_name(),
                app.getPartition_count(),
                app.getEnvs() == null ? new HashMap<>() : app.getEnvs());
    }

    static PartitionConfig toConfig(partition_configuration pc) {
        List<NodeId> secondaries = new ArrayList<>();
        if (pc.getSecondaries() != null) {
            for (rpc_address a : pc.getSecondaries()) {
                secondaries.add(node(a));
            }
        }
        List<NodeId> drops = new ArrayList<>();
        if (pc.getLast_drops() != null) {
            for (rpc_address a : pc.getLast_drops()) {
                NodeId n = node(a);
                if (!drops.contains(n)) {
                    drops.add(n);
                }
            }
        }
        rpc_address primary = pc.getPrimary();
        return new PartitionConfig(
                Math.max(0, pc.getBallot()),
                primary == null || primary.isInvalid() ? null : node(primary),
                secondaries,
                drops);
    }

    static NodeId node(rpc_address a) {
        return NodeId.of(a.toString());
    }

    static rpc_address address(NodeId n) {
        return rpc_address.parse(n.address());
    }
}
