package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaMessage;
import java.util.function.Predicate;

/** Predicates over envelopes, for fault rules. */
public final class Msg {

    private Msg() {}

    /** Replica-to-replica messages of this type. */
    public static Predicate<Envelope> net(Class<? extends ReplicaMessage> type) {
        return e -> e instanceof Envelope.Net n && type.isInstance(n.message());
    }

    public static Predicate<Envelope> net(Class<? extends ReplicaMessage> type, NodeId from, NodeId to) {
        return e -> e instanceof Envelope.Net n
                && type.isInstance(n.message())
                && (from == null || from.equals(n.from()))
                && (to == null || to.equals(n.to()));
    }

    /** A prepare for exactly this decree, to {@code to} (any node if null). */
    public static Predicate<Envelope> prepare(long decree, NodeId to) {
        return e -> e instanceof Envelope.Net n
                && n.message() instanceof ReplicaMessage.Prepare p
                && p.mutation().decree() == decree
                && (to == null || to.equals(n.to()));
    }

    /** An acknowledgement of exactly this decree from {@code from} (any node if null). */
    public static Predicate<Envelope> ack(long decree, NodeId from) {
        return e -> e instanceof Envelope.Net n
                && n.message() instanceof ReplicaMessage.PrepareAck a
                && a.decree() == decree
                && (from == null || from.equals(n.from()));
    }

    /** MetaServer-to-replica events of this type (to any node if {@code to} is null). */
    public static Predicate<Envelope> fromMeta(Class<? extends ReplicaEvent> type, NodeId to) {
        return e -> e instanceof Envelope.FromMeta m && type.isInstance(m.event()) && (to == null || to.equals(m.to()));
    }

    /** Every configuration proposal to the MetaServer. */
    public static Predicate<Envelope> toMeta() {
        return e -> e instanceof Envelope.ToMeta m && m.request() instanceof ReplicaAction.ProposeToMeta;
    }

    /** Every configuration query to the MetaServer. */
    public static Predicate<Envelope> configQuery() {
        return e -> e instanceof Envelope.ToMeta m && m.request() instanceof ReplicaAction.QueryConfig;
    }

    /** Log completions (success or failure) on this node. */
    public static Predicate<Envelope> logCompletion(NodeId node) {
        return e ->
                e instanceof Envelope.Local l && l.to().equals(node) && l.what().startsWith("log");
    }
}
