package io.pegasus.client;

/** The operations the client measures, one latency histogram each per table (see {@link ClientMetrics}). */
public enum OperationType {
    GET,
    SET,
    DEL,
    EXIST,
    TTL,
    INCR,
    MULTI_GET,
    MULTI_GET_SORT_KEYS,
    MULTI_SET,
    MULTI_DEL,
    CHECK_AND_SET,
    CHECK_AND_MUTATE,
    COMPARE_EXCHANGE,
    SORT_KEY_COUNT,
    BATCH_GET,
    SCAN
}
