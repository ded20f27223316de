// The server-internal meta protocol (docs/meta-server.md): what MetaServers and ReplicaServers say to
// each other, our own admin RPCs beside the client ones of spec section 3, and the records the
// MetaServer keeps in ZooKeeper. None of this is seen by the official clients.
//
// RPC name (request frame)                  direction              argument                       result
// RPC_FD_BEACON                             node -> meta           beacon_request                 beacon_response
// RPC_CM_CONFIG_SYNC                        node -> meta           config_sync_request            config_sync_response
// RPC_CM_UPDATE_PARTITION_CONFIGURATION     primary -> meta        update_configuration_request   update_configuration_response
// RPC_CONFIG_UPDATE                         meta -> member         config_update_request          push_response
// RPC_ADD_LEARNER                           meta -> primary        add_learner_request            push_response
// RPC_REMOVE_REPLICA                        meta -> node           remove_replica_request         push_response
// RPC_CM_RECALL_APP                         admin -> meta          recall_app_request             recall_app_response
// RPC_CM_CONTROL_META                       admin -> meta          control_meta_request           control_meta_response
// RPC_CM_LIST_NODES                         admin -> meta          list_nodes_request             list_nodes_response
// RPC_CM_UPDATE_APP_ENV                     admin -> meta          update_app_env_request         update_app_env_response
// RPC_CM_BALANCE                            admin -> meta          balance_request                balance_response
// RPC_CM_SET_NODE_DRAIN                     admin -> meta          set_node_drain_request         set_node_drain_response
// RPC_CM_SERVER_INFO                        admin -> any meta      server_info_request            server_info_response
//
// Like the client protocol, meta answers carry their outcome in `err` with RPC-level ERR_OK, and a
// MetaServer that is not the leader answers ERR_FORWARD_TO_OTHERS with the leader in `leader` when known.
// Enum-valued fields are i32 (see pegasus-core enums.thrift for why).

include "base.thrift"
include "meta.thrift"

namespace java io.pegasus.server.thrift

const string RPC_FD_BEACON = "RPC_FD_BEACON"
const string RPC_CM_CONFIG_SYNC = "RPC_CM_CONFIG_SYNC"
const string RPC_CM_UPDATE_PARTITION_CONFIGURATION = "RPC_CM_UPDATE_PARTITION_CONFIGURATION"
const string RPC_CONFIG_UPDATE = "RPC_CONFIG_UPDATE"
const string RPC_ADD_LEARNER = "RPC_ADD_LEARNER"
const string RPC_REMOVE_REPLICA = "RPC_REMOVE_REPLICA"
const string RPC_CM_RECALL_APP = "RPC_CM_RECALL_APP"
const string RPC_CM_CONTROL_META = "RPC_CM_CONTROL_META"
const string RPC_CM_LIST_NODES = "RPC_CM_LIST_NODES"
const string RPC_CM_UPDATE_APP_ENV = "RPC_CM_UPDATE_APP_ENV"
const string RPC_CM_BALANCE = "RPC_CM_BALANCE"
const string RPC_CM_SET_NODE_DRAIN = "RPC_CM_SET_NODE_DRAIN"
const string RPC_CM_SERVER_INFO = "RPC_CM_SERVER_INFO"

// How much the MetaServer may change on its own. Failure handling (replacing dead replicas) runs
// at every level; in ML_FREEZED nothing else does: no table creation or drop, no new learners.
enum meta_level {
    ML_INVALID = 0,
    ML_FREEZED = 1,
    ML_STEADY = 2,
    ML_LIVELY = 3
}

// The change a primary proposes in update_configuration_request.
enum config_change_type {
    CC_INVALID = 0,
    CC_UPGRADE_TO_SECONDARY = 1,    // the learner `target` finished learning: make it a secondary
    CC_REMOVE_SECONDARY = 2         // the secondary `target` failed (e.g. a prepare timed out): drop it
}

// --- failure detection --------------------------------------------------------------------------

struct beacon_request {
    1: base.rpc_address node;       // the ReplicaServer's RPC address, where pushes are sent
    2: i64 send_time_ms;            // node clock when sent; echoed back, the node's lease counts from it
    3: i64 start_time_ms;           // node incarnation; a new value tells the meta the process restarted
}

struct beacon_response {
    1: base.error_code err;         // ERR_OK, ERR_FORWARD_TO_OTHERS, ERR_SERVICE_NOT_ACTIVE
    2: i64 send_time_ms;            // echo of the request's send_time_ms
    3: base.rpc_address leader;     // with ERR_FORWARD_TO_OTHERS: the leader, all-zero when unknown
}

// --- configuration sync -------------------------------------------------------------------------

// One replica a node holds, open or closed-with-data (a closed replica is reported PS_INACTIVE so
// that the meta can reopen it when the table is recalled or every other replica is lost).
struct replica_report {
    1: base.gpid pid;
    2: i64 ballot;
    3: i32 status;                  // partition_status
    4: i64 last_committed_decree;
    5: i64 last_prepared_decree;
    6: i64 last_durable_decree;
    7: optional bool serving;       // a primary that serves reads and writes (it finished taking over)
}

struct config_sync_request {
    1: base.rpc_address node;
    2: list<replica_report> replicas;
    3: optional bool disk_low;      // the node's data disk is below its reserve: it refuses writes, move primaries off it
}

struct config_sync_response {
    1: base.error_code err;
    2: base.rpc_address leader;
    3: list<meta.partition_configuration> partitions;   // every partition where the node is primary or secondary
    4: list<meta.app_info> apps;                        // the tables of those partitions
    5: list<base.gpid> to_close;                        // reported replicas of dropped tables: close, keep the data
    6: list<base.gpid> to_delete;                       // reported replicas of purged tables: delete the data
}

// --- meta -> node pushes (best effort; config sync repairs what is lost) ------------------------

struct config_update_request {
    1: meta.app_info app;
    2: meta.partition_configuration config;
}

struct add_learner_request {
    1: meta.app_info app;
    2: meta.partition_configuration config;   // the configuration the primary must be at
    3: base.rpc_address learner;
}

struct remove_replica_request {
    1: base.gpid pid;
    2: bool delete_data;            // false: close and keep the data (dropped table); true: delete it
}

struct push_response {
    1: base.error_code err;
}

// --- reconfiguration proposals of a primary -----------------------------------------------------

struct update_configuration_request {
    1: base.rpc_address node;       // the proposer, which must be the partition's primary
    2: base.gpid pid;
    3: i64 ballot;                  // the proposer's current ballot; applied only if it is the meta's
    4: i32 type;                    // config_change_type
    5: base.rpc_address target;
    6: i64 last_committed_decree;
}

struct update_configuration_response {
    1: base.error_code err;         // ERR_OK, ERR_INVALID_VERSION (stale ballot), ERR_INVALID_PARAMETERS, ...
    2: meta.partition_configuration config;   // the new configuration on ERR_OK, the current one otherwise
    3: base.rpc_address leader;
}

// --- admin RPCs of our own ----------------------------------------------------------------------

struct recall_app_request {
    1: i32 app_id;
    2: string new_app_name;         // empty: keep the old name
}

struct recall_app_response {
    1: base.error_code err;
    2: meta.app_info info;
    3: optional string hint_message;
}

struct control_meta_request {
    1: i32 level;                   // meta_level; ML_INVALID only queries
}

struct control_meta_response {
    1: base.error_code err;
    2: i32 old_level;
    3: i32 level;
    4: optional string hint_message;
}

// The ReplicaServers the leader knows: from beacons (alive, incarnation) and from the recorded
// configurations (replica counts over tables that are not dropped).
struct node_info {
    1: base.rpc_address node;
    2: bool alive;
    3: bool draining;               // taken out of service: its replicas are being moved away
    4: i32 primary_count;
    5: i32 secondary_count;
    6: i64 start_time_ms;           // the node's incarnation (its process start, node clock); 0 unknown
    7: i64 last_beacon_age_ms;      // since the last beacon arrived (meta clock); -1 never
    8: optional bool disk_low;      // its data disk is below its reserve: it refuses writes, its primaries move away
}

struct list_nodes_request {
    1: bool include_dead;           // also nodes that are not alive (false: live nodes only)
}

struct list_nodes_response {
    1: base.error_code err;
    2: list<node_info> nodes;
    3: i32 meta_level;
    4: i32 moves_in_flight;         // balancer moves started and not yet finished
    5: optional string hint_message;
}

// Table environment variables (app_info.envs) changed after creation.
enum app_env_operation {
    AEO_INVALID = 0,
    AEO_SET = 1,                    // keys[i] = values[i]
    AEO_DEL = 2,                    // remove keys (absent keys are ignored)
    AEO_CLEAR = 3                   // remove every env
}

struct update_app_env_request {
    1: string app_name;
    2: i32 op;                      // app_env_operation
    3: list<string> keys;
    4: list<string> values;
}

struct update_app_env_response {
    1: base.error_code err;
    2: meta.app_info info;          // the table after the change
    3: optional string hint_message;
}

// A move of the load balancer (docs/meta-server.md, "Load balancer").
enum balance_move_type {
    BMT_INVALID = 0,
    BMT_MOVE_PRIMARY = 1,           // ballot + 1 swapping the primary with its secondary `target`
    BMT_COPY_SECONDARY = 2          // `target` learns the partition, then replaces the secondary `source`
}

struct balance_move {
    1: base.gpid pid;
    2: i32 type;                    // balance_move_type
    3: base.rpc_address source;
    4: base.rpc_address target;
    5: string reason;
}

// Asks the leader for the balancer's next move and, unless dry_run, starts it (refused when freezed).
struct balance_request {
    1: bool dry_run;
}

struct balance_response {
    1: base.error_code err;
    2: list<balance_move> proposed; // the move proposed (started unless dry_run); empty when balanced
    3: list<balance_move> in_flight;
    4: optional string hint_message;
}

// Takes a ReplicaServer out of service (draining: its replicas move away, it gets no new ones) or
// back in. Recorded in ZooKeeper, so a new leader keeps draining.
struct set_node_drain_request {
    1: base.rpc_address node;
    2: bool draining;
}

struct set_node_drain_response {
    1: base.error_code err;
    2: i32 replica_count;           // replicas still on the node
    3: optional string hint_message;
}

// Answered by every MetaServer about itself (not forwarded).
struct server_info_request {
}

struct server_info_response {
    1: base.error_code err;
    2: base.rpc_address address;
    3: string role;                 // "leader", "follower", "taking over"
    4: base.rpc_address leader;     // all-zero when unknown
    5: string version;
    6: i64 start_time_ms;           // unix ms when this MetaServer started
}

// --- what the MetaServer keeps in ZooKeeper (docs/meta-server.md, "ZooKeeper layout") -----------

// <root>/cluster
struct cluster_record {
    1: i32 next_app_id;             // never reused, also after a purge
    2: i32 meta_level;
}

// <root>/nodes: ReplicaServers an operator took out of service
struct nodes_record {
    1: list<base.rpc_address> draining;
}

// <root>/apps/<app_id>/<partition_index>; the table itself is <root>/apps/<app_id> holding an app_info
struct partition_record {
    1: meta.partition_configuration config;
    // set when the partition has no replica left: the members of its last configuration, any of
    // which holds every committed mutation; the guardian reopens the best of them when they return
    2: list<base.rpc_address> recovery_candidates;
}
