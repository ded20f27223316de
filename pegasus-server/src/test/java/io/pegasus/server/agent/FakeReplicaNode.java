package io.pegasus.server.agent;

import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.partition_status;
import io.pegasus.thrift.rpc_address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ReplicaServer stand-in for meta tests: a real RPC server and a real {@link MetaAgent}, but replicas are just
 * records of what the MetaServer said (ballot and role per partition). It reports them in configuration syncs,
 * applies configurations by ballot like a real node must, and "learns" instantly: asked to add a learner, it
 * proposes the upgrade at once.
 */
public final class FakeReplicaNode implements MetaAgentListener, AutoCloseable {
    /** One replica as this node believes it to be. */
    public record Replica(gpid pid, long ballot, int status, long committedDecree) {
        public boolean serving() {
            return status == partition_status.PS_PRIMARY.getValue()
                    || status == partition_status.PS_SECONDARY.getValue();
        }
    }

    /** Something the MetaServer or the agent said, with when (agent clock). */
    public record Event(String kind, long atMs, String detail) {}

    private final rpc_address address;
    private final RpcServer server;
    private final MetaAgent agent;
    private final Map<gpid, Replica> replicas = new ConcurrentHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean autoLearn = true;
    private volatile long leaseExpiredAtMs = -1;
    private volatile long leaseRenewedAtMs = -1;

    private FakeReplicaNode(Map<String, String> settings, int port, RpcClient client, long incarnation)
            throws InterruptedException {
        this.address = rpc_address.fromIpPort("127.0.0.1", port);
        this.server = new RpcServer(RpcServerOptions.defaults("127.0.0.1", port).withIoThreads(1));
        this.agent = new MetaAgent(
                MetaAgentConfig.fromMap(settings), address, this, client, FakeReplicaNode::now, incarnation);
        agent.registerHandlers(server);
        server.start();
        agent.start();
    }

    /** The clock of every test node and of the test MetaServers: monotonic milliseconds. */
    public static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Starts a node on {@code port} (0: a free one). */
    public static FakeReplicaNode start(Map<String, String> settings, int port, RpcClient client, long incarnation)
            throws InterruptedException {
        return new FakeReplicaNode(settings, port == 0 ? freePort() : port, client, incarnation);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public rpc_address address() {
        return address;
    }

    public MetaAgent agent() {
        return agent;
    }

    /** Cuts the node off from the MetaServers (beacons stop) or reconnects it. */
    public void cutOff(boolean cut) {
        agent.suspendBeacons(cut);
    }

    public void setAutoLearn(boolean on) {
        autoLearn = on;
    }

    public long leaseExpiredAtMs() {
        return leaseExpiredAtMs;
    }

    public long leaseRenewedAtMs() {
        return leaseRenewedAtMs;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public Map<gpid, Replica> replicas() {
        return Map.copyOf(replicas);
    }

    /** Replicas of table {@code appId} this node serves (primary or secondary). */
    public List<Replica> serving(int appId) {
        List<Replica> out = new ArrayList<>();
        for (Replica r : replicas.values()) {
            if (r.pid().appId() == appId && r.serving()) {
                out.add(r);
            }
        }
        return out;
    }

    public long primaries(int appId) {
        return serving(appId).stream()
                .filter(r -> r.status() == partition_status.PS_PRIMARY.getValue())
                .count();
    }

    /** Sets the committed decree this node reports for a replica. */
    public void setCommittedDecree(gpid pid, long decree) {
        replicas.computeIfPresent(pid, (k, r) -> new Replica(r.pid(), r.ballot(), r.status(), decree));
    }

    private void event(String kind, String detail) {
        events.add(new Event(kind, now(), detail));
    }

    // ---- MetaAgentListener ---------------------------------------------------------------------------------------

    @Override
    public List<replica_report> replicaReports() {
        List<replica_report> out = new ArrayList<>();
        for (Replica r : replicas.values()) {
            replica_report report = new replica_report(
                    new gpid(r.pid()), r.ballot(), r.status(), r.committedDecree(), r.committedDecree(), 0);
            // a fake primary serves as soon as it is assigned (it has no data to reconcile)
            out.add(report.setServing(r.status() == partition_status.PS_PRIMARY.getValue()));
        }
        return out;
    }

    @Override
    public void onLeaseExpired() {
        leaseExpiredAtMs = now();
        event("lease-expired", "");
    }

    @Override
    public void onLeaseRenewed() {
        leaseRenewedAtMs = now();
        event("lease-renewed", "");
    }

    @Override
    public void onConfigSync(ConfigSyncResult sync) {
        event("sync", sync.partitions().size() + " partitions");
        Set<gpid> listed = new HashSet<>();
        for (partition_configuration c : sync.partitions()) {
            listed.add(c.getPid());
            apply(c);
        }
        for (Replica r : replicas.values()) {
            if (r.serving()
                    && !listed.contains(r.pid())
                    && sync.apps().containsKey(r.pid().appId())) {
                close(r.pid());
            }
        }
        sync.toClose().forEach(this::close);
        sync.toDelete().forEach(replicas::remove);
    }

    @Override
    public void onConfigUpdate(app_info app, partition_configuration config) {
        event("config", config.getPid() + "@" + config.getBallot());
        apply(config);
    }

    @Override
    public void onAddLearner(app_info app, partition_configuration config, rpc_address learner) {
        event("add-learner", config.getPid() + " " + learner);
        if (autoLearn) {
            agent.proposeUpdate(new update_configuration_request(
                    address,
                    config.getPid(),
                    config.getBallot(),
                    config_change_type.CC_UPGRADE_TO_SECONDARY.getValue(),
                    learner,
                    0));
        }
    }

    @Override
    public void onRemoveReplica(gpid pid, boolean deleteData) {
        event(deleteData ? "delete" : "close", pid.toString());
        if (deleteData) {
            replicas.remove(pid);
        } else {
            close(pid);
        }
    }

    private void close(gpid pid) {
        replicas.computeIfPresent(
                pid,
                (k, r) ->
                        new Replica(r.pid(), r.ballot(), partition_status.PS_INACTIVE.getValue(), r.committedDecree()));
    }

    /** Applies a configuration only if it is newer than what this node has (ballots decide). */
    private void apply(partition_configuration c) {
        gpid pid = new gpid(c.getPid());
        replicas.compute(pid, (k, r) -> {
            if (r != null && r.ballot() >= c.getBallot()) {
                return r;
            }
            int status;
            if (address.equals(c.getPrimary())) {
                status = partition_status.PS_PRIMARY.getValue();
            } else if (c.getSecondaries().contains(address)) {
                status = partition_status.PS_SECONDARY.getValue();
            } else if (r == null) {
                return null; // not ours
            } else {
                status = partition_status.PS_INACTIVE.getValue();
            }
            return new Replica(pid, c.getBallot(), status, r == null ? 0 : r.committedDecree());
        });
    }

    /** Stops the node as a crash would: no goodbye; its lease and its membership are left to time out. */
    @Override
    public void close() {
        agent.close();
        server.close();
    }
}
