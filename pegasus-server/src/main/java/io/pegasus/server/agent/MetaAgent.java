package io.pegasus.server.agent;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.server.thrift.add_learner_request;
import io.pegasus.server.thrift.beacon_request;
import io.pegasus.server.thrift.beacon_response;
import io.pegasus.server.thrift.config_sync_request;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.config_update_request;
import io.pegasus.server.thrift.meta_internalConstants;
import io.pegasus.server.thrift.push_response;
import io.pegasus.server.thrift.remove_replica_request;
import io.pegasus.server.thrift.replica_report;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.server.thrift.update_configuration_response;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ReplicaServer's side of the meta protocol (docs/meta-server.md): follows the MetaServer leader, sends beacons
 * and holds the lease, syncs the node's replicas with the leader, receives the leader's pushes, and carries the
 * primaries' reconfiguration proposals. Everything it learns goes to one {@link MetaAgentListener}.
 *
 * <p>All state lives on one agent thread; the listener is called there. The clock is injected (monotonic
 * milliseconds); {@link #isLeaseValid()} may be called from any thread.
 */
public final class MetaAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaAgent.class);
    private static final long RETRY_DELAY_MS = 100;

    private final MetaAgentConfig config;
    private final rpc_address self;
    private final MetaAgentListener listener;
    private final RpcClient client;
    private final LongSupplier ticker;
    private final long incarnation;
    private final ScheduledExecutorService thread;

    // confined to `thread`
    private final LeaseTracker lease;
    private final MetaLeaderTracker leaders;
    private rpc_address ackedLeader = rpc_address.fromValue(0);
    private boolean syncInFlight;
    private boolean syncWanted;
    private ScheduledFuture<?> leaseCheck;

    private volatile long leaseExpiryMs = Long.MIN_VALUE;
    private volatile boolean beaconsSuspended;
    private volatile boolean closed;

    /**
     * @param self this node's RPC address: where the MetaServer sends pushes, and the node's identity
     * @param client the RPC client to reach the MetaServers (owned by the caller)
     * @param ticker monotonic milliseconds
     * @param incarnation identifies this process run (e.g. its start time); a new value tells the MetaServer the
     *     node restarted and lost its replicas' in-memory state
     */
    public MetaAgent(
            MetaAgentConfig config,
            rpc_address self,
            MetaAgentListener listener,
            RpcClient client,
            LongSupplier ticker,
            long incarnation) {
        this.config = config;
        this.self = rpc_address.fromValue(self.value());
        this.listener = listener;
        this.client = client;
        this.ticker = ticker;
        this.incarnation = incarnation;
        this.lease = new LeaseTracker(config.leaseMs());
        this.leaders = new MetaLeaderTracker(config.metaServers());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meta-agent-" + self.port());
            t.setDaemon(true);
            return t;
        });
    }

    /** Serves the MetaServer's pushes on the node's RPC server; call before the server starts. */
    public void registerHandlers(RpcServer server) {
        server.register(meta_internalConstants.RPC_CONFIG_UPDATE, call -> {
            config_update_request r = call.readArgs(new config_update_request());
            deliver(() -> listener.onConfigUpdate(r.getApp(), r.getConfig()));
            call.reply(new push_response(new error_code(ErrorCode.ERR_OK)));
        });
        server.register(meta_internalConstants.RPC_ADD_LEARNER, call -> {
            add_learner_request r = call.readArgs(new add_learner_request());
            deliver(() -> listener.onAddLearner(r.getApp(), r.getConfig(), r.getLearner()));
            call.reply(new push_response(new error_code(ErrorCode.ERR_OK)));
        });
        server.register(meta_internalConstants.RPC_REMOVE_REPLICA, call -> {
            remove_replica_request r = call.readArgs(new remove_replica_request());
            // answered once the listener ran: the MetaServer's drop waits for the replicas to stop serving
            deliver(() -> {
                listener.onRemoveReplica(r.getPid(), r.isDelete_data());
                call.reply(new push_response(new error_code(ErrorCode.ERR_OK)));
            });
        });
    }

    /** Starts beacons (the first one at once) and periodic configuration syncs. */
    public MetaAgent start() {
        thread.scheduleAtFixedRate(this::beaconTick, 0, config.beaconIntervalMs(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(
                this::requestSync, config.configSyncIntervalMs(), config.configSyncIntervalMs(), TimeUnit.MILLISECONDS);
        LOG.info("meta agent of {} started; MetaServers {}", self, config.metaServers());
        return this;
    }

    public rpc_address self() {
        return self;
    }

    /** True while the lease is valid: the node may serve as primary. Any thread. */
    public boolean isLeaseValid() {
        return ticker.getAsLong() < leaseExpiryMs;
    }

    /** When the lease ends on the agent's clock ({@link Long#MIN_VALUE} before the first acknowledged beacon). */
    public long leaseExpiryMs() {
        return leaseExpiryMs;
    }

    /** Asks for a configuration sync soon (e.g. after a replica was opened or closed). */
    public void requestConfigSync() {
        thread.execute(this::requestSync);
    }

    /**
     * Sends a primary's proposal to the leader (following forwards) and returns the leader's answer: ERR_OK with the
     * new configuration, or a refusal with the current one. Fails with {@link RpcException} when no leader answered.
     */
    public CompletableFuture<update_configuration_response> proposeUpdate(update_configuration_request req) {
        CompletableFuture<update_configuration_response> out = new CompletableFuture<>();
        update_configuration_request r = req.deepCopy();
        if (r.getNode() == null || r.getNode().isInvalid()) {
            r.setNode(rpc_address.fromValue(self.value()));
        }
        thread.execute(() -> propose(r, out, 0));
        return out;
    }

    /** Fault injection for tests: stop (or resume) sending beacons, as if the node were cut off from the metas. */
    void suspendBeacons(boolean suspend) {
        beaconsSuspended = suspend;
    }

    // ---- beacons and the lease -----------------------------------------------------------------------------------

    private void beaconTick() {
        checkLease();
        if (beaconsSuspended || closed) {
            return;
        }
        rpc_address to = leaders.current();
        long sent = ticker.getAsLong();
        call(
                        to,
                        meta_internalConstants.RPC_FD_BEACON,
                        new beacon_request(self, sent, incarnation),
                        beacon_response::new)
                .whenCompleteAsync((resp, err) -> onBeaconReply(to, sent, resp, err), thread);
    }

    private void onBeaconReply(rpc_address to, long sent, beacon_response resp, Throwable err) {
        if (closed) {
            return;
        }
        if (err != null) {
            LOG.debug("beacon to {} failed: {}", to, err.toString());
            leaders.failed(to);
            return;
        }
        ErrorCode code = error_code.codeOf(resp.getErr());
        switch (code) {
            case ERR_OK -> {
                lease.acked(sent);
                leaseExpiryMs = lease.expiryMs();
                scheduleLeaseCheck();
                checkLease();
                if (!to.equals(ackedLeader)) {
                    LOG.info("{} beacons to leader {}", self, to);
                    ackedLeader = rpc_address.fromValue(to.value());
                    requestSync();
                }
            }
            case ERR_FORWARD_TO_OTHERS -> {
                leaders.forwarded(to, resp.getLeader());
                // find the leader quickly instead of waiting a whole beacon interval
                thread.schedule(this::beaconTick, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
            }
            case ERR_SERVICE_NOT_ACTIVE -> {}
            default -> LOG.warn("beacon to {} answered {}", to, code);
        }
    }

    private void scheduleLeaseCheck() {
        if (leaseCheck != null) {
            leaseCheck.cancel(false);
        }
        long delay = Math.max(0, leaseExpiryMs - ticker.getAsLong());
        leaseCheck = thread.schedule(this::checkLease, delay, TimeUnit.MILLISECONDS);
    }

    private void checkLease() {
        switch (lease.check(ticker.getAsLong())) {
            case RENEWED -> {
                LOG.info("{}: lease valid until {}", self, lease.expiryMs());
                safely(listener::onLeaseRenewed);
            }
            case EXPIRED -> {
                LOG.warn("{}: lease expired (no beacon acknowledged for {} ms)", self, config.leaseMs());
                safely(listener::onLeaseExpired);
            }
            case NONE -> {}
        }
    }

    // ---- configuration sync --------------------------------------------------------------------------------------

    private void requestSync() {
        syncWanted = true;
        if (!syncInFlight && !closed) {
            doSync();
        }
    }

    private void doSync() {
        syncWanted = false;
        syncInFlight = true;
        List<replica_report> reports;
        boolean diskLow;
        try {
            reports = new ArrayList<>(listener.replicaReports());
            diskLow = listener.diskLow();
        } catch (RuntimeException e) {
            LOG.error("{}: the listener failed to report replicas", self, e);
            syncInFlight = false;
            return;
        }
        rpc_address to = leaders.current();
        call(
                        to,
                        meta_internalConstants.RPC_CM_CONFIG_SYNC,
                        new config_sync_request(self, reports).setDisk_low(diskLow),
                        () -> new config_sync_response())
                .whenCompleteAsync((resp, err) -> onSyncReply(to, resp, err), thread);
    }

    private void onSyncReply(rpc_address to, config_sync_response resp, Throwable err) {
        syncInFlight = false;
        if (closed) {
            return;
        }
        boolean retry = false;
        if (err != null) {
            LOG.debug("config sync with {} failed: {}", to, err.toString());
            leaders.failed(to);
            retry = true;
        } else {
            ErrorCode code = error_code.codeOf(resp.getErr());
            if (code == ErrorCode.ERR_OK) {
                Map<Integer, app_info> apps = new HashMap<>();
                for (app_info a : resp.getApps()) {
                    apps.put(a.getApp_id(), a);
                }
                ConfigSyncResult sync =
                        new ConfigSyncResult(resp.getPartitions(), apps, resp.getTo_close(), resp.getTo_delete());
                safely(() -> listener.onConfigSync(sync));
            } else if (code == ErrorCode.ERR_FORWARD_TO_OTHERS) {
                leaders.forwarded(to, resp.getLeader());
                retry = true;
            } else {
                retry = code == ErrorCode.ERR_SERVICE_NOT_ACTIVE;
            }
        }
        if (retry || syncWanted) {
            syncWanted = true;
            thread.schedule(
                    () -> {
                        if (syncWanted && !syncInFlight && !closed) {
                            doSync();
                        }
                    },
                    retry ? 2 * RETRY_DELAY_MS : 0,
                    TimeUnit.MILLISECONDS);
        }
    }

    // ---- proposals -----------------------------------------------------------------------------------------------

    private void propose(
            update_configuration_request req, CompletableFuture<update_configuration_response> out, int attempt) {
        int maxAttempts = 3 * config.metaServers().size() + 2;
        if (closed) {
            out.completeExceptionally(new RpcException(ErrorCode.ERR_SESSION_RESET, "meta agent closed"));
            return;
        }
        rpc_address to = leaders.current();
        call(
                        to,
                        meta_internalConstants.RPC_CM_UPDATE_PARTITION_CONFIGURATION,
                        req,
                        () -> new update_configuration_response())
                .whenCompleteAsync(
                        (resp, err) -> {
                            ErrorCode code = err != null ? null : error_code.codeOf(resp.getErr());
                            if (err == null
                                    && code != ErrorCode.ERR_FORWARD_TO_OTHERS
                                    && code != ErrorCode.ERR_SERVICE_NOT_ACTIVE) {
                                out.complete(resp);
                                return;
                            }
                            if (err != null) {
                                leaders.failed(to);
                            } else if (code == ErrorCode.ERR_FORWARD_TO_OTHERS) {
                                leaders.forwarded(to, resp.getLeader());
                            }
                            Throwable cause =
                                    err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                            if (attempt + 1 >= maxAttempts) {
                                out.completeExceptionally(
                                        cause instanceof RpcException
                                                ? cause
                                                : new RpcException(
                                                        ErrorCode.ERR_TIMEOUT,
                                                        "no MetaServer leader accepted the proposal: "
                                                                + (cause != null ? cause : code)));
                                return;
                            }
                            thread.schedule(
                                    () -> propose(req, out, attempt + 1), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
                        },
                        thread);
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private <R extends TBase<?, ?>> CompletableFuture<R> call(
            rpc_address to, String name, TBase<?, ?> arg, Supplier<R> result) {
        return client.connection(to.toSocketAddress())
                .call(name, RequestMeta.forMeta(config.rpcTimeoutMs()), Args.struct(arg), config.rpcTimeoutMs())
                .thenApply(resp -> {
                    if (!resp.ok()) {
                        throw new CompletionException(
                                new RpcException(resp.error(), name + " to " + to + " answered " + resp.errorName()));
                    }
                    try {
                        return resp.readResult(result.get());
                    } catch (TException e) {
                        throw new CompletionException(
                                new RpcException(ErrorCode.ERR_INVALID_DATA, "bad " + name + " reply from " + to, e));
                    }
                });
    }

    private void deliver(Runnable r) {
        if (!closed) {
            thread.execute(() -> safely(r));
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("{}: meta agent listener failed", self, e);
        }
    }

    /** Stops beacons and syncs; the lease then runs out on its own. The RPC client belongs to the caller. */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
