package io.pegasus.server.log;

/**
 * What {@link MutationLog#replay} handed over.
 *
 * @param records mutations passed to the consumer
 * @param firstDecree the first one's decree, 0 if none
 * @param lastDecree the last one's decree, 0 if none
 * @param missingDecrees decrees between the first and the last that the log has no entry for (prepares that never
 *     arrived); the replica must not apply past the first gap
 */
public record ReplayResult(long records, long firstDecree, long lastDecree, long missingDecrees) {}
