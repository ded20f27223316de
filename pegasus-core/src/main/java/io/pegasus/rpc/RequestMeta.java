package io.pegasus.rpc;

/**
 * The routing and timing fields every request frame carries (spec 1.3 {@code request_meta}, or the fixed fields of a
 * version-0 header, 1.4).
 *
 * @param appId table id of the target partition; meaningless for meta RPCs
 * @param partitionIndex partition index within the table
 * @param clientTimeoutMs the client's timeout for this attempt
 * @param partitionHash the client's routing hash (spec 5.5); 0 for meta RPCs
 * @param backupRequest true only for a read sent to a secondary as a backup request
 */
public record RequestMeta(
        int appId, int partitionIndex, int clientTimeoutMs, long partitionHash, boolean backupRequest) {

    /** Meta for a MetaServer RPC: no partition, no hash. */
    public static RequestMeta forMeta(int timeoutMs) {
        return new RequestMeta(0, 0, timeoutMs, 0, false);
    }

    public static RequestMeta forPartition(int appId, int partitionIndex, int timeoutMs, long partitionHash) {
        return new RequestMeta(appId, partitionIndex, timeoutMs, partitionHash, false);
    }
}
