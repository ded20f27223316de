package io.pegasus.client;

import java.util.List;

/**
 * The sort keys of one hash key.
 *
 * @param allFetched false when a limit stopped the read before every sort key was returned
 */
public record MultiGetSortKeysResult(boolean allFetched, List<byte[]> sortKeys) {}
