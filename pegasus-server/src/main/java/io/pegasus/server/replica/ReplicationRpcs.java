package io.pegasus.server.replica;

/** RPC names of the messages between replicas (replication.thrift). */
final class ReplicationRpcs {
    static final String PREPARE = "RPC_REPL_PREPARE";
    static final String PREPARE_ACK = "RPC_REPL_PREPARE_ACK";
    static final String GROUP_CHECK = "RPC_REPL_GROUP_CHECK";
    static final String GROUP_CHECK_REPLY = "RPC_REPL_GROUP_CHECK_REPLY";
    static final String LEARN_REQUEST = "RPC_REPL_LEARN_REQUEST";
    static final String LEARN_CATCH_UP = "RPC_REPL_LEARN_CATCH_UP";
    static final String LEARN_COPY = "RPC_REPL_LEARN_COPY";
    static final String LEARN_REJECTED = "RPC_REPL_LEARN_REJECTED";
    static final String LEARN_COMPLETED = "RPC_REPL_LEARN_COMPLETED";
    static final String FETCH_FILE = "RPC_REPL_FETCH_FILE";

    private ReplicationRpcs() {}
}
