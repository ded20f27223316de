package io.pegasus.server.replication;

/**
 * The opaque body of one client write. The replica state machine never looks inside: it only needs the size to
 * bound batches. The driver supplies its own implementation (the decoded request and its encoded bytes); tests use
 * small records.
 */
public interface WritePayload {
    /** Encoded size in bytes, used to bound the size of a batch. */
    int sizeBytes();
}
