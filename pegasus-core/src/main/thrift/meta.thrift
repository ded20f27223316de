// MetaServer RPCs of the Pegasus wire protocol (spec section 3).
//
// RPC name (request frame)                     argument                           result
// RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX       query_cfg_request                  query_cfg_response
// RPC_CM_LIST_APPS                             configuration_list_apps_request    configuration_list_apps_response
// RPC_CM_CREATE_APP                            configuration_create_app_request   configuration_create_app_response
// RPC_CM_DROP_APP                              configuration_drop_app_request     configuration_drop_app_response
// RPC_NEGOTIATION                              negotiation_request                negotiation_response
//
// Enum-valued fields are i32 on purpose (see enums.thrift).

include "base.thrift"

namespace java io.pegasus.thrift

struct query_cfg_request {
    1: string app_name;
    2: list<i32> partition_indices;
}

struct partition_configuration {
    1: base.gpid pid;
    2: i64 ballot;
    3: i32 max_replica_count;
    4: base.rpc_address primary;
    5: list<base.rpc_address> secondaries;
    6: list<base.rpc_address> last_drops;
    7: i64 last_committed_decree;
    8: i32 partition_flags;
    9: optional base.host_port hp_primary;
    10: optional list<base.host_port> hp_secondaries;
    11: optional list<base.host_port> hp_last_drops;
}

struct query_cfg_response {
    1: base.error_code err;
    2: i32 app_id;
    3: i32 partition_count;
    4: bool is_stateful;
    5: list<partition_configuration> partitions;
}

struct configuration_list_apps_request {
    1: i32 status = 0;                     // app_status, AS_INVALID lists every table
    2: optional string app_name_pattern;
    3: optional i32 match_type;            // pattern_match_type
}

struct app_info {
    1: i32 status = 0;                     // app_status
    2: string app_type;
    3: string app_name;
    4: i32 app_id;
    5: i32 partition_count;
    6: map<string, string> envs;
    7: bool is_stateful;
    8: i32 max_replica_count;
    9: i64 expire_second;
    10: i64 create_second;
    11: i64 drop_second;
    12: optional bool duplicating = false;
    13: i32 init_partition_count = -1;
    14: optional bool is_bulk_loading = false;
    15: optional bool atomic_idempotent = false;
}

struct configuration_list_apps_response {
    1: base.error_code err;
    2: list<app_info> infos;
    3: optional string hint_message;
}

struct create_app_options {
    1: i32 partition_count;
    2: i32 replica_count;
    3: bool success_if_exist;
    4: string app_type;
    5: bool is_stateful;
    6: map<string, string> envs;
    7: optional bool atomic_idempotent = false;
}

struct configuration_create_app_request {
    1: string app_name;
    2: create_app_options options;
}

struct configuration_create_app_response {
    1: base.error_code err;
    2: i32 appid;
}

struct drop_app_options {
    1: bool success_if_not_exist;
    2: optional i64 reserve_seconds;
}

struct configuration_drop_app_request {
    1: string app_name;
    2: drop_app_options options;
}

struct configuration_drop_app_response {
    1: base.error_code err;
}

struct negotiation_request {
    1: i32 status;                         // negotiation_status
    2: base.blob msg;
}

struct negotiation_response {
    1: i32 status;                         // negotiation_status
    2: base.blob msg;
}
