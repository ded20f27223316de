package io.pegasus.server.replica;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.wire.fetch_file_request;
import io.pegasus.server.wire.fetch_file_response;
import io.pegasus.thrift.gpid;
import java.util.concurrent.CompletableFuture;

/** How a replica reaches the other replicas of its partition. Best effort: messages may be lost. */
interface ReplicaTransport {
    /** Sends a replica message (one-way) to the replica of {@code pid} on {@code to}. */
    void send(NodeId to, gpid pid, WireCodec.Outgoing message);

    /** Reads a chunk of a checkpoint file on {@code from} (learner side of a checkpoint copy). */
    CompletableFuture<fetch_file_response> fetchFile(NodeId from, gpid pid, fetch_file_request request);
}
