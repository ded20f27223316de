package io.pegasus.client;

import java.util.List;

/**
 * The records a multiGet returned, in ascending sort-key order for range reads.
 *
 * @param allFetched false when a count or size limit (the caller's, or the server's own caps) stopped the read
 *     before every matching record was returned
 */
public record MultiGetResult(boolean allFetched, List<SortKeyValue> values) {}
