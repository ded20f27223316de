package io.pegasus.server.log;

/**
 * What {@link MutationLog#gc} deleted.
 *
 * @param deletedSegments segment files deleted
 * @param deletedBytes their total size
 * @param firstDecree the lowest decree still in the log afterwards, 0 if none
 */
public record GcResult(int deletedSegments, long deletedBytes, long firstDecree) {}
