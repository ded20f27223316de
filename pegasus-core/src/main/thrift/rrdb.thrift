// ReplicaServer data RPCs of the Pegasus wire protocol (spec section 4).
//
// RPC name (request frame)          argument                  result
// RPC_RRDB_RRDB_PUT                 update_request            update_response
// RPC_RRDB_RRDB_MULTI_PUT           multi_put_request         update_response
// RPC_RRDB_RRDB_REMOVE              blob (full stored key)    update_response
// RPC_RRDB_RRDB_MULTI_REMOVE        multi_remove_request      multi_remove_response
// RPC_RRDB_RRDB_INCR                incr_request              incr_response
// RPC_RRDB_RRDB_CHECK_AND_SET       check_and_set_request     check_and_set_response
// RPC_RRDB_RRDB_CHECK_AND_MUTATE    check_and_mutate_request  check_and_mutate_response
// RPC_RRDB_RRDB_GET                 blob (full stored key)    read_response
// RPC_RRDB_RRDB_MULTI_GET           multi_get_request         multi_get_response
// RPC_RRDB_RRDB_BATCH_GET           batch_get_request         batch_get_response
// RPC_RRDB_RRDB_SORTKEY_COUNT       blob (hash key)           count_response
// RPC_RRDB_RRDB_TTL                 blob (full stored key)    ttl_response
// RPC_RRDB_RRDB_GET_SCANNER         get_scanner_request       scan_response
// RPC_RRDB_RRDB_SCAN                scan_request              scan_response
// RPC_RRDB_RRDB_CLEAR_SCANNER       i64 context id            (one-way, no response)
//
// The i32 "error" of every response is a RocksDB status code (spec 6.2).
// Enum-valued fields are i32 on purpose (see enums.thrift).

include "base.thrift"

namespace java io.pegasus.thrift

struct update_request {
    1: base.blob key;
    2: base.blob value;
    3: i32 expire_ts_seconds;
    4: optional i32 type;                  // update_type, server-internal
    5: optional bool check_value_returned;
    6: optional bool check_value_exist;
    7: optional base.blob check_value;
}

struct update_response {
    1: i32 error;
    2: i32 app_id;
    3: i32 partition_index;
    4: i64 decree;
    5: string server;
}

struct key_value {
    1: base.blob key;
    2: base.blob value;
    3: optional i32 expire_ts_seconds;
}

struct multi_put_request {
    1: base.blob hash_key;
    2: list<key_value> kvs;
    3: i32 expire_ts_seconds;
}

struct multi_remove_request {
    1: base.blob hash_key;
    2: list<base.blob> sort_keys;
    3: i64 max_count;
}

struct multi_remove_response {
    1: i32 error;
    2: i64 count;
    3: i32 app_id;
    4: i32 partition_index;
    5: i64 decree;
    6: string server;
}

struct incr_request {
    1: base.blob key;
    2: i64 increment;
    3: i32 expire_ts_seconds;
}

struct incr_response {
    1: i32 error;
    2: i64 new_value;
    3: i32 app_id;
    4: i32 partition_index;
    5: i64 decree;
    6: string server;
}

struct check_and_set_request {
    1: base.blob hash_key;
    2: base.blob check_sort_key;
    3: i32 check_type;                     // cas_check_type
    4: base.blob check_operand;
    5: bool set_diff_sort_key;
    6: base.blob set_sort_key;
    7: base.blob set_value;
    8: i32 set_expire_ts_seconds;
    9: bool return_check_value;
}

struct check_and_set_response {
    1: i32 error;
    2: bool check_value_returned;
    3: bool check_value_exist;
    4: base.blob check_value;
    5: i32 app_id;
    6: i32 partition_index;
    7: i64 decree;
    8: string server;
}

struct mutate {
    1: i32 operation;                      // mutate_operation
    2: base.blob sort_key;
    3: base.blob value;
    4: i32 set_expire_ts_seconds;
}

struct check_and_mutate_request {
    1: base.blob hash_key;
    2: base.blob check_sort_key;
    3: i32 check_type;                     // cas_check_type
    4: base.blob check_operand;
    5: list<mutate> mutate_list;
    6: bool return_check_value;
}

struct check_and_mutate_response {
    1: i32 error;
    2: bool check_value_returned;
    3: bool check_value_exist;
    4: base.blob check_value;
    5: i32 app_id;
    6: i32 partition_index;
    7: i64 decree;
    8: string server;
}

// There is no field 5 in read_response, multi_get_response, batch_get_response,
// count_response and ttl_response (spec 4.8-4.12).
struct read_response {
    1: i32 error;
    2: base.blob value;
    3: i32 app_id;
    4: i32 partition_index;
    6: string server;
}

struct multi_get_request {
    1: base.blob hash_key;
    2: list<base.blob> sort_keys;
    3: i32 max_kv_count;
    4: i32 max_kv_size;
    5: bool no_value;
    6: base.blob start_sortkey;
    7: base.blob stop_sortkey;
    8: bool start_inclusive;
    9: bool stop_inclusive;
    10: i32 sort_key_filter_type;          // filter_type
    11: base.blob sort_key_filter_pattern;
    12: bool reverse;
}

struct multi_get_response {
    1: i32 error;
    2: list<key_value> kvs;
    3: i32 app_id;
    4: i32 partition_index;
    6: string server;
}

struct full_key {
    1: base.blob hash_key;
    2: base.blob sort_key;
}

struct batch_get_request {
    1: list<full_key> keys;
}

struct full_data {
    1: base.blob hash_key;
    2: base.blob sort_key;
    3: base.blob value;
}

struct batch_get_response {
    1: i32 error;
    2: list<full_data> data;
    3: i32 app_id;
    4: i32 partition_index;
    6: string server;
}

struct count_response {
    1: i32 error;
    2: i64 count;
    3: i32 app_id;
    4: i32 partition_index;
    6: string server;
}

struct ttl_response {
    1: i32 error;
    2: i32 ttl_seconds;
    3: i32 app_id;
    4: i32 partition_index;
    6: string server;
}

struct get_scanner_request {
    1: base.blob start_key;
    2: base.blob stop_key;
    3: bool start_inclusive;
    4: bool stop_inclusive;
    5: i32 batch_size;
    6: bool no_value;
    7: i32 hash_key_filter_type;          // filter_type
    8: base.blob hash_key_filter_pattern;
    9: i32 sort_key_filter_type;          // filter_type
    10: base.blob sort_key_filter_pattern;
    11: optional bool validate_partition_hash;   // true when absent
    12: optional bool return_expire_ts;
    13: optional bool full_scan;
    14: optional bool only_return_count;
}

struct scan_request {
    1: i64 context_id;
}

struct scan_response {
    1: i32 error;
    2: list<key_value> kvs;
    3: i64 context_id;
    4: i32 app_id;
    5: i32 partition_index;
    6: string server;
    7: optional i32 kv_count;
}
