package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaAction;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.ReplicaMessage;
import java.util.function.Supplier;

/** Something in flight in the simulation, delivered one at a time by {@link SimCluster#step()}. */
public sealed interface Envelope {

    /** The node that receives it (null for the MetaServer). */
    NodeId to();

    /** A message between replicas. */
    record Net(NodeId from, NodeId to, ReplicaMessage message) implements Envelope {
        @Override
        public String toString() {
            return from + "->" + to + " " + message;
        }
    }

    /** A client request (write or read) on its way to a replica. */
    record Client(NodeId to, ReplicaEvent event) implements Envelope {}

    /** MetaServer to replica: configuration update, proposal reply, add-learner request. */
    record FromMeta(NodeId to, ReplicaEvent event) implements Envelope {}

    /**
     * Node to MetaServer: a configuration proposal ({@link ReplicaAction.ProposeToMeta}), query
     * ({@link ReplicaAction.QueryConfig}) or sync ({@link SimMeta.SyncRequest}).
     */
    record ToMeta(NodeId from, Object request) implements Envelope {
        @Override
        public NodeId to() {
            return null;
        }

        @Override
        public String toString() {
            return from + "->meta " + request;
        }
    }

    /**
     * Local IO finishing on a node (log append, learn-state preparation or install): {@code work} runs at delivery
     * and yields the completion event. Stale after a crash (the incarnation changed).
     */
    record Local(NodeId to, int incarnation, String what, Supplier<ReplicaEvent> work) implements Envelope {
        @Override
        public String toString() {
            return "local@" + to + " " + what;
        }
    }

    /**
     * A replica's answer to a client of {@link SimClients}: {@code error} null for success, with the write's result
     * or the value read.
     */
    record ClientReply(NodeId from, long requestId, io.pegasus.base.ErrorCode error, Object result)
            implements Envelope {
        @Override
        public NodeId to() {
            return null;
        }

        @Override
        public String toString() {
            return from + "->client #" + requestId + " " + (error == null ? "ok " + result : error);
        }
    }
}
