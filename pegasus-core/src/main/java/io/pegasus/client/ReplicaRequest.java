package io.pegasus.client;

import io.pegasus.rpc.codec.ThriftWriter;

/**
 * Everything needed to send one replica RPC and read its answer, independent of where it goes: the RPC name, the
 * encoded argument, how it is routed, whether it may be resent, and the parser of its response.
 *
 * @param partitionHash the routing hash (spec 5.5), sent in {@code request_meta.partition_hash}
 * @param fixedPartition a partition index to address directly (full scans), or -1 to route by the hash
 * @param idempotent whether applying the request twice is harmless (see {@link RetryPolicy})
 */
record ReplicaRequest<T>(
        OperationType type,
        String rpcName,
        ThriftWriter args,
        long partitionHash,
        int fixedPartition,
        boolean idempotent,
        ResponseParser<T> parser) {

    static <T> ReplicaRequest<T> byHash(
            OperationType type,
            String rpcName,
            ThriftWriter args,
            long hash,
            boolean idempotent,
            ResponseParser<T> parser) {
        return new ReplicaRequest<>(type, rpcName, args, hash, -1, idempotent, parser);
    }

    /** Addressed to one partition; the hash sent is the partition index itself, as for full scans (spec 5.5). */
    static <T> ReplicaRequest<T> toPartition(
            OperationType type, String rpcName, ThriftWriter args, int partition, ResponseParser<T> parser) {
        return new ReplicaRequest<>(type, rpcName, args, partition, partition, true, parser);
    }

    int partitionIndex(TableRouting routing) {
        return fixedPartition >= 0 ? fixedPartition : routing.partitionIndex(partitionHash);
    }
}
