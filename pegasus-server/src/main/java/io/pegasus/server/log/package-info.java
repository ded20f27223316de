/**
 * The mutation log of a partition replica.
 *
 * <p>In PacificA (Lin et al., 2008) a primary commits a mutation only once every replica of the current configuration
 * has it in its log, and a replica that restarts rebuilds its prepared list from its log. This package is that log: one
 * folder per replica, holding segment files of checksummed records, each a mutation identified by (ballot, decree)
 * with the mutation itself as opaque bytes.
 *
 * <p>{@link io.pegasus.server.log.MutationLog} is the whole public surface: {@code open} (recovery, with a report of
 * what was repaired), {@code append} (group commit, completion per {@link io.pegasus.server.log.FlushPolicy}), {@code
 * truncateAfter} (reconciliation), {@code replay} (restart), {@code read} (learning), and {@code gc} (after a
 * checkpoint). Everything else is package-private: the byte format ({@code LogFormat}), the decree index that applies
 * the highest-ballot-wins and truncation rules ({@code DecreeIndex}), recovery ({@code LogRecovery}), batch writing
 * ({@code LogWriter}) and the GC decision ({@code GcPlanner}).
 *
 * <p>docs/mutation-log.md documents the format byte by byte, the flush policies and what a power loss of all replicas
 * can lose under each, and the recovery rules.
 */
package io.pegasus.server.log;
