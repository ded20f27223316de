package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.LearnState;
import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.RecoveredState;
import io.pegasus.server.replication.Replica;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaOptions;
import io.pegasus.server.replication.ReplicaStatus;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WriteRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated ReplicaServer hosting one replica: the driver that performs the replica's actions on an in-memory
 * log and storage and posts messages to the simulated network. Storage and the persisted configuration survive a
 * crash; the log loses its unflushed tail.
 */
public final class SimNode {

    private final NodeId id;
    private final SimCluster cluster;
    private final ReplicaOptions options;
    private final SimLog log = new SimLog();
    private final SimStorage storage = new SimStorage();
    private final List<Envelope> heldLogCompletions = new ArrayList<>();
    private final List<ReplicaAction.RoleChanged> roleChanges = new ArrayList<>();

    private Replica replica;
    private PartitionConfig persistedConfig = PartitionConfig.empty();
    private boolean up = true;
    private boolean paused;
    private boolean holdingLog;
    private int incarnation;
    private long leaseGrantedAtMillis = Long.MIN_VALUE / 2;
    private boolean leaseValid;
    private boolean failNextInstall;
    private int installs;
    private int checkpointInstalls;

    SimNode(NodeId id, SimCluster cluster, ReplicaOptions options) {
        this.id = id;
        this.cluster = cluster;
        this.options = options;
        this.replica = Replica.create(id, options);
    }

    public NodeId id() {
        return id;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isPaused() {
        return paused;
    }

    /** True if the node is running and can process events (up and not paused). */
    public boolean isRunning() {
        return up && !paused;
    }

    public ReplicaStatus status() {
        return replica.status();
    }

    public Role role() {
        return replica.role();
    }

    public SimLog log() {
        return log;
    }

    public SimStorage storage() {
        return storage;
    }

    public PartitionConfig persistedConfig() {
        return persistedConfig;
    }

    public List<ReplicaAction.RoleChanged> roleChanges() {
        return List.copyOf(roleChanges);
    }

    public int incarnation() {
        return incarnation;
    }

    /** Feeds one event to the replica and performs the resulting actions. */
    void deliver(ReplicaEvent event) {
        if (!up) {
            return;
        }
        for (ReplicaAction a : replica.handle(event)) {
            execute(a);
        }
    }

    // ---- lease (beacons answered by the MetaServer) ----

    void leaseGranted(long nowMillis) {
        leaseGrantedAtMillis = nowMillis;
    }

    /** Tells the replica when its lease state changed. */
    void checkLease(long nowMillis, long leaseMillis) {
        boolean valid = nowMillis - leaseGrantedAtMillis < leaseMillis;
        if (valid != leaseValid) {
            leaseValid = valid;
            deliver(valid ? new ReplicaEvent.LeaseRenewed() : new ReplicaEvent.LeaseExpired());
        }
    }

    // ---- faults ----

    void crash() {
        up = false;
        paused = false;
        log.crash();
        heldLogCompletions.clear();
        holdingLog = false;
        incarnation++;
        leaseValid = false;
        leaseGrantedAtMillis = Long.MIN_VALUE / 2;
    }

    void restart() {
        up = true;
        replica = Replica.recover(
                id,
                options,
                new RecoveredState(persistedConfig, storage.lastApplied(), log.replay(storage.lastApplied())));
    }

    void setPaused(boolean p) {
        paused = p;
    }

    void holdLog(boolean hold) {
        holdingLog = hold;
        if (!hold) {
            for (Envelope e : heldLogCompletions) {
                cluster.network().post(e);
            }
            heldLogCompletions.clear();
        }
    }

    // ---- the driver ----

    private void execute(ReplicaAction action) {
        if (action instanceof ReplicaAction.Send s) {
            cluster.network().post(new Envelope.Net(id, s.to(), s.message()));
        } else if (action instanceof ReplicaAction.AppendToLog a) {
            append(a.mutation());
        } else if (action instanceof ReplicaAction.TruncateLog t) {
            log.truncateAfter(t.afterDecree());
        } else if (action instanceof ReplicaAction.Apply a) {
            List<Object> results = apply(a.mutation());
            if (a.replyToClients()) {
                List<WriteRequest> writes = a.mutation().writes();
                for (int i = 0; i < writes.size(); i++) {
                    cluster.history()
                            .acked(writes.get(i).requestId(), a.mutation().decree());
                    cluster.answer(id, writes.get(i).requestId(), null, results.get(i));
                }
            }
        } else if (action instanceof ReplicaAction.ServeRead r) {
            cluster.served(this, r.requestId());
        } else if (action instanceof ReplicaAction.ReplyError e) {
            cluster.history().failed(e.requestId(), e.error());
            cluster.answer(id, e.requestId(), e.error(), null);
        } else if (action instanceof ReplicaAction.AbandonRequests a) {
            a.requestIds().forEach(cluster.history()::abandoned);
        } else if (action instanceof ReplicaAction.ProposeToMeta || action instanceof ReplicaAction.QueryConfig) {
            cluster.network().post(new Envelope.ToMeta(id, action));
        } else if (action instanceof ReplicaAction.PersistConfig p) {
            persistedConfig = p.config();
        } else if (action instanceof ReplicaAction.PrepareLearnState p) {
            local("prepare-learn " + p, () -> prepareLearnState(p));
        } else if (action instanceof ReplicaAction.InstallLearnState i) {
            local("install-learn " + i.state().lastDecree(), () -> install(i));
        } else if (action instanceof ReplicaAction.RoleChanged c) {
            roleChanges.add(c);
        }
        // ReportError: the MetaServer sees the ERROR role in the next report.
    }

    private void append(Mutation m) {
        log.append(m);
        boolean fail = log.takeFailNext();
        Envelope completion = new Envelope.Local(id, incarnation, "log " + m, () -> {
            if (fail) {
                log.fail(m);
                return new ReplicaEvent.LogFailed("injected log failure at " + m);
            }
            return log.complete(m) ? new ReplicaEvent.LogAppended(m.ballot(), m.decree()) : null;
        });
        if (holdingLog) {
            heldLogCompletions.add(completion);
        } else {
            cluster.network().post(completion);
        }
    }

    private List<Object> apply(Mutation m) {
        List<Object> results = storage.apply(m);
        cluster.checker().onApply(id, m);
        return results;
    }

    private ReplicaEvent prepareLearnState(ReplicaAction.PrepareLearnState p) {
        long from = p.learnerCommittedDecree();
        long upTo = storage.lastApplied();
        LearnState state;
        if (log.covers(from, upTo)) {
            List<Mutation> mutations = new ArrayList<>(log.replay(from));
            mutations.removeIf(m -> m.decree() > upTo);
            state = LearnState.ofMutations(from, mutations);
        } else {
            SimStorage.Snapshot snapshot = storage.checkpoint();
            state = LearnState.ofCheckpoint(snapshot.decree(), snapshot, List.of());
        }
        return new ReplicaEvent.LearnStatePrepared(p.learner(), p.learnSignature(), p.round(), state);
    }

    /** The next learn-state install fails (e.g. a copy error). */
    public void failNextInstall() {
        failNextInstall = true;
    }

    /** Whether an install failure was injected and has not struck yet. */
    public boolean installFailurePending() {
        return failNextInstall;
    }

    /** Cancels injected log and install failures that have not struck yet. */
    public void clearFaults() {
        failNextInstall = false;
        log.clearFaults();
    }

    /** Learn states installed successfully, and how many of them carried a checkpoint. */
    public int installCount() {
        return installs;
    }

    public int checkpointInstallCount() {
        return checkpointInstalls;
    }

    private ReplicaEvent install(ReplicaAction.InstallLearnState i) {
        LearnState state = i.state();
        if (failNextInstall) {
            failNextInstall = false;
            return new ReplicaEvent.LearnStateInstallFailed(i.learnSignature(), "injected install failure");
        }
        installs++;
        if (state.hasCheckpoint()) {
            checkpointInstalls++;
            SimStorage.Snapshot snapshot = (SimStorage.Snapshot) state.checkpoint();
            storage.restore(snapshot);
            cluster.checker().onInstall(id, snapshot);
        }
        for (Mutation m : state.mutations()) {
            if (m.decree() > storage.lastApplied()) {
                apply(m);
            }
        }
        log.reset(state.mutations());
        return new ReplicaEvent.LearnStateInstalled(i.learnSignature(), state.lastDecree());
    }

    private void local(String what, java.util.function.Supplier<ReplicaEvent> work) {
        cluster.network().post(new Envelope.Local(id, incarnation, what, work));
    }

    @Override
    public String toString() {
        ReplicaStatus s = replica.status();
        return id + (up ? "" : "(down)") + (paused ? "(paused)" : "") + " " + s.role() + " b" + s.ballot() + " c"
                + s.committedDecree() + " p" + s.preparedDecree() + (s.serving() ? " serving" : "");
    }
}
