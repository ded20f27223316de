package io.pegasus.rpc;

/** The RPC names of the client protocol (spec table 1.5a), exactly as they appear on the wire. */
public final class RpcNames {
    public static final String QUERY_CONFIG = "RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX";
    public static final String LIST_APPS = "RPC_CM_LIST_APPS";
    public static final String CREATE_APP = "RPC_CM_CREATE_APP";
    public static final String DROP_APP = "RPC_CM_DROP_APP";
    public static final String NEGOTIATION = "RPC_NEGOTIATION";

    public static final String PUT = "RPC_RRDB_RRDB_PUT";
    public static final String MULTI_PUT = "RPC_RRDB_RRDB_MULTI_PUT";
    public static final String REMOVE = "RPC_RRDB_RRDB_REMOVE";
    public static final String MULTI_REMOVE = "RPC_RRDB_RRDB_MULTI_REMOVE";
    public static final String INCR = "RPC_RRDB_RRDB_INCR";
    public static final String CHECK_AND_SET = "RPC_RRDB_RRDB_CHECK_AND_SET";
    public static final String CHECK_AND_MUTATE = "RPC_RRDB_RRDB_CHECK_AND_MUTATE";
    public static final String GET = "RPC_RRDB_RRDB_GET";
    public static final String MULTI_GET = "RPC_RRDB_RRDB_MULTI_GET";
    public static final String BATCH_GET = "RPC_RRDB_RRDB_BATCH_GET";
    public static final String SORTKEY_COUNT = "RPC_RRDB_RRDB_SORTKEY_COUNT";
    public static final String TTL = "RPC_RRDB_RRDB_TTL";
    public static final String GET_SCANNER = "RPC_RRDB_RRDB_GET_SCANNER";
    public static final String SCAN = "RPC_RRDB_RRDB_SCAN";
    public static final String CLEAR_SCANNER = "RPC_RRDB_RRDB_CLEAR_SCANNER";

    /** Suffix of every response message name. */
    public static final String ACK_SUFFIX = "_ACK";

    private RpcNames() {}

    /** True for the replica RPCs that write (subject to the write-size limit and to replication). */
    public static boolean isWrite(String name) {
        return switch (name) {
            case PUT, MULTI_PUT, REMOVE, MULTI_REMOVE, INCR, CHECK_AND_SET, CHECK_AND_MUTATE -> true;
            default -> false;
        };
    }
}
