package io.pegasus.server.replication.sim;

import java.util.Map;

/** The simulated client write: set {@code key} to {@code value}. */
public record KvWrite(String key, String value) implements KvMutation {
    @Override
    public Object applyTo(Map<String, String> data) {
        data.put(key, value);
        return null;
    }

    @Override
    public int sizeBytes() {
        return key.length() + value.length();
    }
}
