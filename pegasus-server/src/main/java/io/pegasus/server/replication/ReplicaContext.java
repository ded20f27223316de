package io.pegasus.server.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * State shared by every role of one replica, and the list of actions being produced for the current event.
 *
 * <p>Invariants: {@code config.ballot()} only grows, and every adoption of a higher ballot emits
 * {@link ReplicaAction.PersistConfig} before anything else this replica does under it; {@code nowMillis} and {@code
 * tickMillis} only grow.
 */
final class ReplicaContext {

    final NodeId self;
    final ReplicaOptions options;
    final PrepareList prepareList;
    /** The configuration with the highest ballot this replica has seen and acted on. */
    PartitionConfig config;
    /** Whether the node holds a valid lease from the MetaServer (driver-reported). */
    boolean leaseValid;
    /**
     * The replica's clock: what sends and arrivals are stamped with. The driver moves it with every event ({@link
     * Replica#handle(ReplicaEvent, long)}); without a driver clock (the simulation) only ticks move it.
     */
    long nowMillis;
    /**
     * Time of the latest {@link ReplicaEvent.Tick}, as the tick itself says: what timeouts are measured at. Events
     * reach the replica in order, so everything that arrived before a tick was made has been handled when the tick
     * is, and nothing that arrived after it; a tick handled late (behind a slow event) must not count the acknowledgements
     * queued behind it as missing. Equal to {@link #nowMillis} when only ticks move the clock.
     */
    long tickMillis;

    private long learnSignatureCounter;
    private long queryCounter;
    private final List<ReplicaAction> actions = new ArrayList<>();

    ReplicaContext(NodeId self, ReplicaOptions options, PartitionConfig config, PrepareList prepareList) {
        this.self = self;
        this.options = options;
        this.config = config;
        this.prepareList = prepareList;
    }

    long ballot() {
        return config.ballot();
    }

    void emit(ReplicaAction action) {
        actions.add(action);
    }

    void send(NodeId to, ReplicaMessage message) {
        if (to != null && !to.equals(self)) {
            actions.add(new ReplicaAction.Send(to, message));
        }
    }

    void appendToLog(Mutation m) {
        actions.add(new ReplicaAction.AppendToLog(m, prepareList.committedDecree()));
    }

    void apply(Mutation m, boolean replyToClients) {
        actions.add(new ReplicaAction.Apply(m, replyToClients));
    }

    /** Adopts {@code newer} if its ballot is higher than ours; true if it did. */
    boolean adoptIfNewer(PartitionConfig newer) {
        if (newer.ballot() <= config.ballot()) {
            return false;
        }
        config = newer;
        actions.add(new ReplicaAction.PersistConfig(newer));
        return true;
    }

    /** A learning-session id unique for this primary tenure: the ballot in the high bits, a counter below. */
    long nextLearnSignature() {
        learnSignatureCounter++;
        return (config.ballot() << 20) | (learnSignatureCounter & 0xFFFFF);
    }

    /** Ids of {@link ReplicaAction.QueryConfig}: unique for this replica's lifetime, whatever its role. */
    long nextQueryId() {
        return ++queryCounter;
    }

    List<ReplicaAction> drainActions() {
        List<ReplicaAction> out = List.copyOf(actions);
        actions.clear();
        return out;
    }
}
