package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.beacon_request;
import io.pegasus.server.thrift.beacon_response;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.config_sync_request;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.control_meta_request;
import io.pegasus.server.thrift.control_meta_response;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.recall_app_request;
import io.pegasus.server.thrift.recall_app_response;
import io.pegasus.server.thrift.update_configuration_request;
import io.pegasus.server.thrift.update_configuration_response;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_request;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the MetaServer: takes over when elected, serves the meta RPCs, and reacts to failures on a
 * periodic tick. All leader state ({@link ClusterState}, failure detector, replica reports, learners) is confined to
 * one service thread, so decisions see a consistent view and are applied one at a time:
 * decide (pure) -> write the records to ZooKeeper -> replay them -> send the actions -> answer.
 *
 * <p>Roles: a follower answers ERR_FORWARD_TO_OTHERS; a leader still loading its state ERR_SERVICE_NOT_ACTIVE. Losing
 * leadership (ZooKeeper connection suspended or lost, or a fenced write) demotes at once: the role is volatile and
 * every queued task re-checks the term it was submitted in. A write whose outcome is unknown also demotes, and the
 * election is re-joined so that whoever leads next reloads the truth from ZooKeeper.
 */
final class MetaService {
    private static final Logger LOG = LoggerFactory.getLogger(MetaService.class);
    /** Records per ZooKeeper transaction for failure reactions (partitions are independent of each other). */
    private static final int MAX_RECORDS_PER_WRITE = 256;

    enum Role {
        FOLLOWER,
        TAKING_OVER,
        LEADER
    }

    private final MetaServerConfig config;
    private volatile String selfId = "meta";
    private final MetaStore store;
    private final TableOperations tables;
    private final NodePusher pusher;
    private final LongSupplier ticker;
    private final Clock wallClock;
    private final MetaObserver observer;
    private final ScheduledExecutorService thread;
    private volatile Runnable relinquish = () -> {};

    private final Object roleLock = new Object();
    private volatile Role role = Role.FOLLOWER;
    private volatile long term;

    // leader state: touched only on `thread`, non-null while role == LEADER
    private ClusterState state;
    private FailureDetector fd;
    private ReplicaReports reports;
    private LearnerTracker learners;
    private long takeoverMs;
    private ScheduledFuture<?> tickTask;

    MetaService(
            MetaServerConfig config,
            MetaStore store,
            NodePusher pusher,
            LongSupplier ticker,
            Clock wallClock,
            MetaObserver observer,
            ScheduledExecutorService thread) {
        this.config = config;
        this.store = store;
        this.tables = new TableOperations(new TableOperations.Limits(
                config.maxReplicaCount(),
                config.maxPartitionCount(),
                config.defaultReserveSeconds(),
                config.maxNameLength()));
        this.pusher = pusher;
        this.ticker = ticker;
        this.wallClock = wallClock;
        this.observer = observer;
        this.thread = thread;
    }

    /** This MetaServer's id ("ip:port"), known once its RPC server is bound; set before the election starts. */
    void setSelfId(String selfId) {
        this.selfId = selfId;
    }

    /** What to call to give up leadership and re-join the election (set by the MetaServer). */
    void setRelinquish(Runnable relinquish) {
        this.relinquish = relinquish;
    }

    Role role() {
        return role;
    }

    // ---- leadership ----------------------------------------------------------------------------------------------

    /** Elected: load the state on the service thread, then serve. */
    void elected() {
        long t;
        synchronized (roleLock) {
            t = ++term;
            role = Role.TAKING_OVER;
        }
        LOG.info("{} elected leader (term {}): loading the cluster state", selfId, t);
        thread.execute(() -> takeOver(t));
    }

    /** Leadership lost: stop serving at once; the state is dropped on the service thread. */
    void deposed(String why) {
        synchronized (roleLock) {
            if (role == Role.FOLLOWER) {
                return;
            }
            term++;
            role = Role.FOLLOWER;
        }
        LOG.warn("{} is no longer the leader: {}", selfId, why);
        thread.execute(this::dropLeaderState);
    }

    private void takeOver(long t) {
        if (term != t) {
            return;
        }
        dropLeaderState(); // elected again without being deposed in between (the latch re-fired): start clean
        try {
            store.claimEpoch(selfId);
            ClusterState loaded = new ClusterState();
            loaded.replayAll(store.load());
            long now = ticker.getAsLong();
            state = loaded;
            fd = new FailureDetector(config.graceMs());
            fd.expect(loaded.memberNodes(), now);
            reports = new ReplicaReports();
            learners = new LearnerTracker();
            takeoverMs = now;
            synchronized (roleLock) {
                if (term != t) {
                    dropLeaderState();
                    return;
                }
                role = Role.LEADER;
            }
            tickTask = thread.scheduleWithFixedDelay(
                    this::tick, config.guardianIntervalMs(), config.guardianIntervalMs(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "{} leads: {} tables, next table id {}, {} nodes expected",
                    selfId,
                    loaded.tables().size(),
                    loaded.nextAppId(),
                    loaded.memberNodes().size());
            observer.becameLeader(now);
        } catch (Exception e) {
            LOG.warn("{} could not take over: {}", selfId, e.toString());
            giveUp(t, "takeover failed");
        }
    }

    private void dropLeaderState() {
        if (tickTask != null) {
            tickTask.cancel(false);
            tickTask = null;
        }
        state = null;
        fd = null;
        reports = null;
        learners = null;
    }

    /** Demotes and re-joins the election (after a failed or fenced write, or a failed takeover). */
    private void giveUp(long t, String why) {
        synchronized (roleLock) {
            if (term == t) {
                term++;
                role = Role.FOLLOWER;
            }
        }
        dropLeaderState();
        LOG.warn("{} gives up leadership: {}", selfId, why);
        relinquish.run();
    }

    // ---- running operations --------------------------------------------------------------------------------------

    /** Runs {@code op} on the service thread if this MetaServer is the ready leader, else answers "not serving". */
    <R> void submit(Reply<R> reply, Consumer<Reply<R>> op) {
        long t = term;
        Role r = role;
        if (r != Role.LEADER) {
            reply.notServing(
                    r == Role.TAKING_OVER ? ErrorCode.ERR_SERVICE_NOT_ACTIVE : ErrorCode.ERR_FORWARD_TO_OTHERS);
            return;
        }
        thread.execute(() -> {
            if (term != t || role != Role.LEADER) {
                reply.notServing(
                        role == Role.TAKING_OVER ? ErrorCode.ERR_SERVICE_NOT_ACTIVE : ErrorCode.ERR_FORWARD_TO_OTHERS);
                return;
            }
            op.accept(reply);
        });
    }

    /**
     * Runs {@code op} once the takeover warm-up is over: a new leader gives the nodes time to find it and beacon, so
     * that operations that count live nodes (create, freeze checks) do not see an empty cluster.
     */
    private <R> void afterWarmup(Reply<R> reply, Runnable op) {
        long wait = takeoverMs + config.takeoverWarmupMs() - ticker.getAsLong();
        if (wait <= 0) {
            op.run();
            return;
        }
        long t = term;
        thread.schedule(
                () -> {
                    if (term != t || role != Role.LEADER) {
                        reply.notServing(ErrorCode.ERR_FORWARD_TO_OTHERS);
                    } else {
                        op.run();
                    }
                },
                wait,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Makes a decision durable and effective: writes its records (in one transaction), replays them, sends its
     * actions. Returns false, having given up leadership, when the write failed.
     */
    private boolean apply(Decision<?> d) {
        return applyRecords(d.records(), d.records().size()) && sendActions(d.actions());
    }

    private boolean applyRecords(List<MetaRecord> records, int perWrite) {
        long t = term;
        for (int from = 0; from < records.size(); from += perWrite) {
            List<MetaRecord> batch = records.subList(from, Math.min(records.size(), from + perWrite));
            try {
                store.write(batch);
            } catch (MetaStore.FencedException e) {
                giveUp(t, "fenced by a newer leader");
                return false;
            } catch (Exception e) {
                giveUp(t, "ZooKeeper write failed, outcome unknown (" + e + ")");
                return false;
            }
            long now = ticker.getAsLong();
            for (MetaRecord r : batch) {
                state.replay(r);
                if (r instanceof MetaRecord.PartitionChanged pc) {
                    observer.partitionChanged(pc.config(), now);
                }
            }
        }
        return true;
    }

    private boolean sendActions(List<MetaAction> actions) {
        for (MetaAction a : actions) {
            pusher.send(a);
        }
        return true;
    }

    private long nowSecond() {
        return wallClock.millis() / 1000;
    }

    private boolean freezed(long nowMs) {
        return state.metaLevel() == meta_level.ML_FREEZED.getValue()
                || fd.liveNodes(nowMs).size() < config.minLiveNodesForUnfreeze();
    }

    // ---- the periodic failure reaction ---------------------------------------------------------------------------

    private void tick() {
        if (role != Role.LEADER || state == null) {
            return;
        }
        try {
            long now = ticker.getAsLong();
            GuardianPass.Result pass =
                    GuardianPass.run(state, fd, reports, learners, now, config.beaconIntervalMs(), freezed(now));
            for (rpc_address dead : pass.newlyDead()) {
                LOG.warn("{}: node {} missed its beacons for {} ms: declared dead", selfId, dead, config.graceMs());
                observer.nodeDeclaredDead(dead, now);
            }
            Decision<Void> d = pass.decision();
            if (!applyRecords(d.records(), MAX_RECORDS_PER_WRITE)) {
                return;
            }
            for (MetaAction a : d.actions()) {
                if (a instanceof MetaAction.AddLearner al) {
                    learners.started(al.config().pid(), al.learner(), now + config.learnerTimeoutMs());
                    LOG.info("{}: asking {} to add learner {} to {}", selfId, al.node(), al.learner(), al.config());
                }
            }
            sendActions(d.actions());
            Decision<Void> purge = tables.purgeExpired(state, nowSecond());
            if (!purge.records().isEmpty()) {
                LOG.info("{}: purging expired dropped tables: {}", selfId, purge.records());
                apply(purge);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: guardian tick failed", selfId, e);
        }
    }

    // ---- client RPCs (spec section 3) ----------------------------------------------------------------------------

    void queryConfig(query_cfg_request req, Reply<query_cfg_response> reply) {
        reply.send(MetaViews.queryConfig(state, reports, req));
    }

    void listApps(configuration_list_apps_request req, Reply<configuration_list_apps_response> reply) {
        reply.send(MetaViews.listApps(state, req));
    }

    void createApp(configuration_create_app_request req, Reply<configuration_create_app_response> reply) {
        afterWarmup(reply, () -> {
            long now = ticker.getAsLong();
            Decision<Integer> d = tables.create(
                    state, req.getApp_name(), req.getOptions(), fd.liveNodes(now), freezed(now), nowSecond());
            if (!d.ok()) {
                LOG.info("{}: create {} refused: {} ({})", selfId, req.getApp_name(), d.error(), d.hint());
                reply.send(new configuration_create_app_response(new error_code(d.error()), 0));
                return;
            }
            if (apply(d)) {
                if (!d.records().isEmpty()) {
                    LOG.info("{}: created table {} (id {})", selfId, req.getApp_name(), d.result());
                }
                reply.send(new configuration_create_app_response(new error_code(ErrorCode.ERR_OK), d.result()));
            } else {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            }
        });
    }

    void dropApp(configuration_drop_app_request req, Reply<configuration_drop_app_response> reply) {
        afterWarmup(reply, () -> {
            Decision<Void> d =
                    tables.drop(state, req.getApp_name(), req.getOptions(), freezed(ticker.getAsLong()), nowSecond());
            if (!d.ok()) {
                reply.send(new configuration_drop_app_response(new error_code(d.error())));
            } else if (applyRecords(d.records(), d.records().size())) {
                if (!d.records().isEmpty()) {
                    LOG.info("{}: dropped table {}", selfId, req.getApp_name());
                }
                // spec 3.4: once the drop is answered the table's replicas no longer serve, so wait (bounded) for
                // the nodes to confirm they closed them; a dead node cannot serve anyway
                java.util.concurrent.CompletableFuture<?>[] closed = d.actions().stream()
                        .map(pusher::send)
                        .toArray(java.util.concurrent.CompletableFuture<?>[]::new);
                java.util.concurrent.CompletableFuture.allOf(closed)
                        .completeOnTimeout(null, config.pushTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        .whenComplete((v, e) ->
                                reply.send(new configuration_drop_app_response(new error_code(ErrorCode.ERR_OK))));
            } else {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            }
        });
    }

    void recallApp(recall_app_request req, Reply<recall_app_response> reply) {
        afterWarmup(reply, () -> {
            Decision<Table> d =
                    tables.recall(state, req.getApp_id(), req.getNew_app_name(), freezed(ticker.getAsLong()));
            recall_app_response resp = new recall_app_response();
            resp.setErr(new error_code(d.error()));
            if (!d.ok()) {
                resp.setHint_message(d.hint());
                reply.send(resp);
            } else if (apply(d)) {
                LOG.info(
                        "{}: recalled table {} as {}",
                        selfId,
                        req.getApp_id(),
                        d.result().name());
                resp.setInfo(d.result().toAppInfo());
                reply.send(resp);
            } else {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            }
        });
    }

    void controlMeta(control_meta_request req, Reply<control_meta_response> reply) {
        Decision<Integer> d = tables.setLevel(state, req.getLevel());
        control_meta_response resp = new control_meta_response();
        resp.setErr(new error_code(d.error()));
        resp.setOld_level(d.result() == null ? state.metaLevel() : d.result());
        if (!d.ok()) {
            resp.setHint_message(d.hint());
        } else if (!apply(d)) {
            reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            return;
        }
        resp.setLevel(state.metaLevel());
        reply.send(resp);
    }

    // ---- the internal protocol with ReplicaServers ---------------------------------------------------------------

    void beacon(beacon_request req, Reply<beacon_response> reply) {
        rpc_address node = req.getNode();
        if (node == null || node.isInvalid()) {
            reply.send(new beacon_response(
                    new error_code(ErrorCode.ERR_INVALID_PARAMETERS), req.getSend_time_ms(), PartitionConfig.NONE));
            return;
        }
        FailureDetector.BeaconOutcome outcome = fd.beacon(node, req.getStart_time_ms(), ticker.getAsLong());
        switch (outcome) {
            case NEW -> LOG.info("{}: node {} joined", selfId, node);
            case REVIVED -> LOG.info("{}: node {} is back", selfId, node);
            case RESTARTED -> {
                LOG.info("{}: node {} restarted: its replicas will be reassigned", selfId, node);
                reports.forget(node);
            }
            case ALIVE -> {}
        }
        reply.send(
                new beacon_response(new error_code(ErrorCode.ERR_OK), req.getSend_time_ms(), rpc_address.fromValue(0)));
    }

    void configSync(config_sync_request req, Reply<config_sync_response> reply) {
        rpc_address node = req.getNode();
        if (node == null || node.isInvalid()) {
            config_sync_response r = MetaViews.emptySync(ErrorCode.ERR_INVALID_PARAMETERS);
            reply.send(r);
            return;
        }
        reports.update(node, req.getReplicas() == null ? List.of() : req.getReplicas());
        reply.send(MetaViews.configSync(state, node, req.getReplicas() == null ? List.of() : req.getReplicas()));
    }

    void updateConfiguration(update_configuration_request req, Reply<update_configuration_response> reply) {
        update_configuration_response resp = new update_configuration_response();
        resp.setLeader(rpc_address.fromValue(0));
        gpid pid = req.getPid();
        Optional<Table> table = pid == null ? Optional.empty() : state.table(pid.appId());
        Optional<PartitionConfig> current = pid == null ? Optional.empty() : state.partition(pid);
        if (table.isEmpty() || current.isEmpty() || !table.get().isAvailable()) {
            resp.setErr(new error_code(ErrorCode.ERR_OBJECT_NOT_FOUND));
            resp.setConfig(MetaViews.emptyConfig(pid));
            reply.send(resp);
            return;
        }
        long now = ticker.getAsLong();
        Decision<PartitionConfig> d =
                PartitionGuardian.onProposal(table.get(), current.get(), req, n -> fd.isAlive(n, now));
        if (d.ok()) {
            if (!apply(d)) {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
                return;
            }
            if (req.getType() == config_change_type.CC_UPGRADE_TO_SECONDARY.getValue()) {
                learners.done(pid);
            }
            LOG.info(
                    "{}: {} proposed {} of {}: now {}",
                    selfId,
                    req.getNode(),
                    req.getType(),
                    req.getTarget(),
                    d.result());
        } else {
            LOG.info("{}: proposal of {} for {} refused: {} ({})", selfId, req.getNode(), pid, d.error(), d.hint());
        }
        resp.setErr(new error_code(d.error()));
        resp.setConfig(d.result().toThrift());
        reply.send(resp);
    }
}
