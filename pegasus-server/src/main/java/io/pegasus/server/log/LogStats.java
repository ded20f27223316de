package io.pegasus.server.log;

/**
 * Counters since the log was opened.
 *
 * @param records records appended (mutations and truncation markers)
 * @param batches write calls that carried them: records / batches is the group-commit batch size
 * @param syncs fdatasyncs of the active segment after a batch or in the background (not seals)
 * @param bytes bytes appended
 * @param shadowedRecords mutations written with a lower ballot than the entry already logged for their decree
 * @param segments segment files now open
 */
public record LogStats(long records, long batches, long syncs, long bytes, long shadowedRecords, int segments) {}
