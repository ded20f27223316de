package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.thrift.balance_request;
import io.pegasus.server.thrift.balance_response;
import io.pegasus.server.thrift.beacon_request;
import io.pegasus.server.thrift.beacon_response;
import io.pegasus.server.thrift.config_change_type;
import io.pegasus.server.thrift.config_sync_request;
import io.pegasus.server.thrift.config_sync_response;
import io.pegasus.server.thrift.control_meta_request;
import io.pegasus.server.thrift.control_meta_response;
import io.pegasus.server.thrift.list_nodes_request;
import io.pegasus.server.thrift.list_nodes_response;
import io.pegasus.server.thrift.meta_level;
import io.pegasus.server.thrift.recall_app_request;
import io.pegasus.server.thrift.recall_app_response;
import io.pegasus.server.thrift.set_node_drain_request;
import io.pegasus.server.thrift.set_node_drain_response;
import io.pegasus.server.thrift.update_app_env_request;
import io.pegasus.server.thrift.update_app_env_response;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
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
    private MoveTracker moves;
    /** Nodes whose last configuration sync said their disk is below its reserve (learnt anew by each leader). */
    private final Set<rpc_address> lowDisk = ConcurrentHashMap.newKeySet();

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
            moves = new MoveTracker();
            lowDisk.clear();
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
        moves = null;
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
            GuardianPass.Result pass = GuardianPass.run(
                    state,
                    fd,
                    reports,
                    learners,
                    now,
                    config.beaconIntervalMs(),
                    freezed(now),
                    moves,
                    Set.copyOf(lowDisk));
            for (rpc_address dead : pass.newlyDead()) {
                LOG.warn("{}: node {} missed its beacons for {} ms: declared dead", selfId, dead, config.graceMs());
                observer.nodeDeclaredDead(dead, now);
            }
            Decision<Void> d = pass.decision();
            Predicate<rpc_address> usable = pass.usable();
            List<rpc_address> usableNodes = pass.usableNodes();
            Predicate<PartitionConfig> learnerPending = pass.learnerPending();
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
            if (d.records().isEmpty() && !freezed(now)) {
                // the balancer acts only on a settled pass: nothing was just reconfigured
                autoBalance(now, usable, usableNodes, learnerPending);
            }
            Decision<Void> purge = tables.purgeExpired(state, nowSecond());
            if (!purge.records().isEmpty()) {
                LOG.info("{}: purging expired dropped tables: {}", selfId, purge.records());
                apply(purge);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: guardian tick failed", selfId, e);
        }
    }

    // ---- the load balancer and node maintenance ------------------------------------------------------------------

    /**
     * Starts balancer moves within the concurrency limit: every move in lively; in steady only those that empty draining
     * nodes and move primaries off nodes below their disk reserve.
     */
    private void autoBalance(
            long now,
            Predicate<rpc_address> usable,
            List<rpc_address> eligible,
            Predicate<PartitionConfig> learnerPending) {
        boolean lively = state.metaLevel() == meta_level.ML_LIVELY.getValue();
        int budget = config.balancerMaxConcurrentMoves() - moves.size();
        if (budget <= 0 || (!lively && state.draining().isEmpty() && lowDisk.isEmpty())) {
            return;
        }
        List<Move> planned = Balancer.plan(
                state,
                eligible,
                Set.copyOf(lowDisk),
                usable,
                pid -> state.partition(pid).map(learnerPending::test).orElse(true),
                moves.inFlight(),
                lively ? Balancer.Scope.FULL : Balancer.Scope.DRAIN_ONLY,
                budget);
        startMoves(planned, now);
    }

    /** Writes the primary moves, asks primaries to add the learners of copies, tracks them all. */
    private boolean startMoves(List<Move> planned, long now) {
        if (planned.isEmpty()) {
            return true;
        }
        List<MetaRecord> records = new java.util.ArrayList<>();
        List<MetaAction> actions = new java.util.ArrayList<>();
        List<PartitionConfig> after = new java.util.ArrayList<>();
        for (Move m : planned) {
            PartitionConfig c = state.partition(m.pid()).orElseThrow();
            Table t = state.table(m.pid().appId()).orElseThrow();
            if (m.kind() == Move.Kind.MOVE_PRIMARY) {
                PartitionConfig n = Balancer.afterPrimaryMove(c, m.target());
                records.add(new MetaRecord.PartitionChanged(n));
                for (rpc_address member : n.members()) {
                    actions.add(new MetaAction.PushConfig(member, t, n));
                }
                after.add(n);
            } else {
                actions.add(new MetaAction.AddLearner(c.primary(), t, c, m.target()));
                after.add(c);
            }
        }
        if (!applyRecords(records, MAX_RECORDS_PER_WRITE)) {
            return false;
        }
        for (int i = 0; i < planned.size(); i++) {
            moves.started(planned.get(i), after.get(i), now + config.balancerMoveTimeoutMs());
            LOG.info("{}: balancer: {}", selfId, planned.get(i));
        }
        return sendActions(actions);
    }

    /**
     * Nodes that may receive replicas and primaries now: alive, heard from recently, not restarted unseen, not
     * draining, not below their disk reserve.
     */
    private List<rpc_address> eligibleNodes(long now) {
        long fresh = 3 * config.beaconIntervalMs();
        return fd.liveNodes(now).stream()
                .filter(n -> fd.heardWithin(n, now, fresh))
                .filter(n -> !state.isDraining(n))
                .filter(n -> !lowDisk.contains(n))
                .toList();
    }

    /** RPC_CM_BALANCE: the balancer's next move, started unless a dry run; refused when freezed. */
    void balance(balance_request req, Reply<balance_response> reply) {
        long now = ticker.getAsLong();
        balance_response resp = new balance_response();
        resp.setProposed(new java.util.ArrayList<>());
        resp.setIn_flight(new java.util.ArrayList<>());
        moves.settle(state, reports, now);
        moves.inFlight().forEach(m -> resp.getIn_flight().add(m.toThrift()));
        if (freezed(now)) {
            resp.setErr(new error_code(ErrorCode.ERR_STATE_FREEZED));
            resp.setHint_message("the meta level is freezed (or too few live nodes): no moves");
            reply.send(resp);
            return;
        }
        if (!req.isDry_run() && moves.size() >= config.balancerMaxConcurrentMoves()) {
            resp.setErr(new error_code(ErrorCode.ERR_BUSY));
            resp.setHint_message(
                    moves.size() + " moves in flight, the limit is " + config.balancerMaxConcurrentMoves());
            reply.send(resp);
            return;
        }
        List<Move> planned = Balancer.plan(
                state,
                eligibleNodes(now),
                Set.copyOf(lowDisk),
                n -> fd.isAlive(n, now),
                pid -> learners.active(pid, now).isPresent(),
                moves.inFlight(),
                Balancer.Scope.FULL,
                1);
        planned.forEach(m -> resp.getProposed().add(m.toThrift()));
        if (planned.isEmpty()) {
            resp.setHint_message("balanced: no move would even out primaries or replicas further");
        } else if (!req.isDry_run()) {
            if (!startMoves(planned, now)) {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
                return;
            }
            resp.getIn_flight().clear();
            moves.inFlight().forEach(m -> resp.getIn_flight().add(m.toThrift()));
        }
        resp.setErr(new error_code(ErrorCode.ERR_OK));
        reply.send(resp);
    }

    /** RPC_CM_LIST_NODES. */
    void listNodes(list_nodes_request req, Reply<list_nodes_response> reply) {
        long now = ticker.getAsLong();
        moves.settle(state, reports, now);
        reply.send(MetaViews.listNodes(state, fd, now, req.isInclude_dead(), moves.size(), Set.copyOf(lowDisk)));
    }

    /** RPC_CM_SET_NODE_DRAIN. */
    void setNodeDrain(set_node_drain_request req, Reply<set_node_drain_response> reply) {
        rpc_address node = req.getNode();
        boolean known =
                node != null && (fd.deadlineMs(node) >= 0 || state.load().replicas(node) > 0);
        Decision<Integer> d = NodeOperations.setDraining(state, node, req.isDraining(), known);
        set_node_drain_response resp = new set_node_drain_response();
        resp.setErr(new error_code(d.error()));
        resp.setReplica_count(d.result() == null ? 0 : d.result());
        if (!d.ok()) {
            resp.setHint_message(d.hint());
        } else if (!apply(d)) {
            reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            return;
        } else if (!d.records().isEmpty()) {
            LOG.info("{}: node {} {}", selfId, node, req.isDraining() ? "is draining" : "is back in service");
        }
        reply.send(resp);
    }

    /** RPC_CM_UPDATE_APP_ENV. */
    void updateAppEnv(update_app_env_request req, Reply<update_app_env_response> reply) {
        Decision<Table> d = tables.updateEnvs(state, req.getApp_name(), req.getOp(), req.getKeys(), req.getValues());
        update_app_env_response resp = new update_app_env_response();
        resp.setErr(new error_code(d.error()));
        if (!d.ok()) {
            resp.setHint_message(d.hint());
        } else if (!apply(d)) {
            reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
            return;
        } else {
            resp.setInfo(d.result().toAppInfo());
        }
        reply.send(resp);
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
            List<rpc_address> placeable =
                    fd.liveNodes(now).stream().filter(n -> !state.isDraining(n)).toList();
            Decision<Integer> d = tables.create(
                    state,
                    req.getApp_name(),
                    req.getOptions(),
                    placeable,
                    Set.copyOf(lowDisk),
                    freezed(now),
                    nowSecond());
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
                if (learners != null) {
                    learners.restarted(node);
                }
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
        if (req.isSetDisk_low() && req.isDisk_low()) {
            if (lowDisk.add(node)) {
                LOG.warn(
                        "{}: node {} is below its disk reserve: its primaries move to members with room", selfId, node);
            }
        } else if (lowDisk.remove(node)) {
            LOG.info("{}: node {} has disk space again", selfId, node);
        }
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
        Optional<Move> copy =
                req.getType() == config_change_type.CC_UPGRADE_TO_SECONDARY.getValue() && req.getTarget() != null
                        ? moves.copyTo(pid, req.getTarget())
                        : Optional.empty();
        Decision<PartitionConfig> d = PartitionGuardian.onProposal(
                table.get(), current.get(), req, n -> fd.isAlive(n, now), copy.map(Move::source));
        if (d.ok()) {
            if (!apply(d)) {
                reply.notServing(ErrorCode.ERR_SERVICE_NOT_ACTIVE);
                return;
            }
            if (req.getType() == config_change_type.CC_UPGRADE_TO_SECONDARY.getValue()) {
                learners.done(pid);
                if (copy.isPresent()) {
                    moves.done(pid);
                    LOG.info("{}: balancer: done: {}", selfId, copy.get());
                }
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
