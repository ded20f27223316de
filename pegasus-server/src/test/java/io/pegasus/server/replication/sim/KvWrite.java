package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.WritePayload;

/** The simulated client write: set {@code key} to {@code value}. */
public record KvWrite(String key, String value) implements WritePayload {
    @Override
    public int sizeBytes() {
        return key.length() + value.length();
    }
}
