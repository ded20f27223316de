// Server-internal messages between the replicas of one partition (PacificA), and the learner's file copy.
//
// Each message travels as a one-way RPC in the ordinary Pegasus request framing; request_meta's app_id and
// partition_index name the partition. Node names are "host:port" strings. The Java side maps these to and from
// the pure types of io.pegasus.server.replication (ReplicaMessage, Mutation, PartitionConfig).
//
// RPC name                       argument
// RPC_REPL_PREPARE               prepare_msg
// RPC_REPL_PREPARE_ACK           prepare_ack_msg
// RPC_REPL_GROUP_CHECK           group_check_msg
// RPC_REPL_GROUP_CHECK_REPLY     group_check_reply_msg
// RPC_REPL_LEARN_REQUEST         learn_request_msg
// RPC_REPL_LEARN_CATCH_UP        learn_catch_up_msg
// RPC_REPL_LEARN_COPY            learn_copy_msg
// RPC_REPL_LEARN_REJECTED        learn_rejected_msg
// RPC_REPL_LEARN_COMPLETED       learn_completed_msg
// RPC_REPL_FETCH_FILE            fetch_file_request -> fetch_file_response (request/response, not one-way)

namespace java io.pegasus.server.wire

struct replica_config {
    1: i64 ballot;
    2: string primary;                 // "" when the partition has no primary
    3: list<string> secondaries;
    4: list<string> last_drops;
}

// One client write inside a mutation: its kind (io.pegasus.server.storage.WriteRequest.Kind ordinal) and the
// "args" wrapper bytes (field "request") exactly as the client sent them (field 1 holding the request struct, or a blob for REMOVE).
struct write_op {
    1: i32 kind;
    2: binary request;
}

struct mutation_data {
    1: i64 ballot;
    2: i64 decree;
    3: i64 timestamp_us;
    4: list<write_op> writes;
}

// What a replica's mutation log stores per record (the log keeps ballot, decree and timestamp itself too).
struct logged_mutation {
    1: mutation_data mutation;
    2: i64 committed_decree;           // the replica's committed decree when it logged this mutation
}

struct prepare_msg {
    1: string from_node;
    2: replica_config config;
    3: mutation_data mutation;
    4: i64 committed_decree;
    5: i64 previous_ballot;
}

struct prepare_ack_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 mutation_ballot;
    4: i64 decree;
    5: string error;                   // an ErrorCode name
}

struct group_check_msg {
    1: string from_node;
    2: replica_config config;
    3: i64 committed_decree;
    4: i32 assigned_role;              // io.pegasus.server.replication.Role ordinal
    5: i64 learn_signature;
    // the table, so that a node asked to learn a partition it has never held can create the replica
    6: i32 partition_count;
    7: string app_name;
    8: map<string, string> envs;
}

struct group_check_reply_msg {
    1: string from_node;
    2: i64 ballot;
    3: string error;
    4: i32 role;
    5: i64 learn_signature;
    6: i64 committed_decree;
    7: i64 prepared_decree;
}

struct learn_request_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 learn_signature;
    4: i64 round;
    5: i64 committed_decree;
}

struct learn_catch_up_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 learn_signature;
    4: i64 round;
    5: list<mutation_data> mutations;
    6: i64 committed_decree;
}

struct checkpoint_file {
    1: string name;
    2: i64 size;
    3: i32 crc32c;
}

// Where a learner fetches a checkpoint from: a folder on the primary's node, with its files.
struct checkpoint_ref {
    1: string source_node;
    2: string dir;
    3: list<checkpoint_file> files;
}

struct learn_state_data {
    1: i64 checkpoint_decree;          // -1 without a checkpoint
    2: optional checkpoint_ref checkpoint;
    3: list<mutation_data> mutations;
    4: i64 last_decree;
}

struct learn_copy_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 learn_signature;
    4: i64 round;
    5: learn_state_data state;
}

struct learn_rejected_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 learn_signature;
    4: i64 round;
    5: string error;
}

struct learn_completed_msg {
    1: string from_node;
    2: i64 ballot;
    3: i64 learn_signature;
    4: i64 prepared_decree;
}

struct fetch_file_request {
    1: string dir;
    2: string name;
    3: i64 offset;
    4: i32 length;
}

struct fetch_file_response {
    1: i32 error;                      // StatusCode: 0 ok, 1 not found, 5 IO error
    2: binary data;
    3: i64 file_size;
}
