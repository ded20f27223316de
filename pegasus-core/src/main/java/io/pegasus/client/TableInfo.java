package io.pegasus.client;

import java.util.Map;

/**
 * A table as listed by the MetaServer (spec 3.2).
 *
 * @param status the app_status name, e.g. AS_AVAILABLE or AS_DROPPED
 * @param createSecond unix seconds
 * @param dropSecond unix seconds, 0 if not dropped
 * @param expireSecond for a dropped table: unix second after which it is purged
 */
public record TableInfo(
        String name,
        int appId,
        String status,
        int partitionCount,
        int replicaCount,
        Map<String, String> envs,
        long createSecond,
        long dropSecond,
        long expireSecond) {}
