package io.pegasus.client;

/**
 * Options of checkAndSet.
 *
 * @param setValueTtlSeconds TTL of the written record in seconds, 0 = none
 * @param returnCheckValue also return the checked record's value (before the write)
 */
public record CheckAndSetOptions(int setValueTtlSeconds, boolean returnCheckValue) {
    private static final CheckAndSetOptions DEFAULTS = new CheckAndSetOptions(0, false);

    public static CheckAndSetOptions defaults() {
        return DEFAULTS;
    }

    public CheckAndSetOptions withSetValueTtlSeconds(int ttl) {
        return new CheckAndSetOptions(ttl, returnCheckValue);
    }

    public CheckAndSetOptions withReturnCheckValue(boolean v) {
        return new CheckAndSetOptions(setValueTtlSeconds, v);
    }
}
