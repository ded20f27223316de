// Enumerations of the Pegasus wire protocol (spec section 2.7). All are sent as I32.
//
// Request and response structs in this IDL declare enum-valued fields as i32 rather than
// with these enum types: the bytes are identical, but an i32 keeps values the receiver does
// not know (a filter type of 7 must be answered with InvalidArgument, not read as "absent").
// The generated enums below give the values their names.

namespace java io.pegasus.thrift

enum app_status {
    AS_INVALID = 0,
    AS_AVAILABLE = 1,
    AS_CREATING = 2,
    AS_CREATE_FAILED = 3,
    AS_DROPPING = 4,
    AS_DROP_FAILED = 5,
    AS_DROPPED = 6,
    AS_RECALLING = 7
}

enum filter_type {
    FT_NO_FILTER = 0,
    FT_MATCH_ANYWHERE = 1,
    FT_MATCH_PREFIX = 2,
    FT_MATCH_POSTFIX = 3
}

enum cas_check_type {
    CT_NO_CHECK = 0,
    CT_VALUE_NOT_EXIST = 1,
    CT_VALUE_NOT_EXIST_OR_EMPTY = 2,
    CT_VALUE_EXIST = 3,
    CT_VALUE_NOT_EMPTY = 4,
    CT_VALUE_MATCH_ANYWHERE = 5,
    CT_VALUE_MATCH_PREFIX = 6,
    CT_VALUE_MATCH_POSTFIX = 7,
    CT_VALUE_BYTES_LESS = 8,
    CT_VALUE_BYTES_LESS_OR_EQUAL = 9,
    CT_VALUE_BYTES_EQUAL = 10,
    CT_VALUE_BYTES_GREATER_OR_EQUAL = 11,
    CT_VALUE_BYTES_GREATER = 12,
    CT_VALUE_INT_LESS = 13,
    CT_VALUE_INT_LESS_OR_EQUAL = 14,
    CT_VALUE_INT_EQUAL = 15,
    CT_VALUE_INT_GREATER_OR_EQUAL = 16,
    CT_VALUE_INT_GREATER = 17
}

enum mutate_operation {
    MO_PUT = 0,
    MO_DELETE = 1
}

// server-internal; the client never sets it
enum update_type {
    UT_PUT = 0,
    UT_INCR = 1,
    UT_CHECK_AND_SET = 2,
    UT_CHECK_AND_MUTATE_PUT = 3,
    UT_CHECK_AND_MUTATE_REMOVE = 4
}

enum negotiation_status {
    INVALID = 0,
    SASL_LIST_MECHANISMS = 1,
    SASL_LIST_MECHANISMS_RESP = 2,
    SASL_SELECT_MECHANISMS = 3,
    SASL_SELECT_MECHANISMS_RESP = 4,
    SASL_INITIATE = 5,
    SASL_CHALLENGE = 6,
    SASL_CHALLENGE_RESP = 7,
    SASL_SUCC = 8,
    SASL_AUTH_DISABLE = 9,
    SASL_AUTH_FAIL = 10
}

enum pattern_match_type {
    PMT_INVALID = 0,
    PMT_MATCH_ALL = 1,
    PMT_MATCH_EXACT = 2,
    PMT_MATCH_ANYWHERE = 3,
    PMT_MATCH_PREFIX = 4,
    PMT_MATCH_POSTFIX = 5,
    PMT_MATCH_REGEX = 6
}

// server side only, never on the client wire
enum partition_status {
    PS_INVALID = 0,
    PS_INACTIVE = 1,
    PS_ERROR = 2,
    PS_PRIMARY = 3,
    PS_SECONDARY = 4,
    PS_POTENTIAL_SECONDARY = 5,
    PS_PARTITION_SPLIT = 6
}
