package io.pegasus.client;

/**
 * Options of checkAndMutate.
 *
 * @param returnCheckValue also return the checked record's value (before the mutations)
 */
public record CheckAndMutateOptions(boolean returnCheckValue) {
    private static final CheckAndMutateOptions DEFAULTS = new CheckAndMutateOptions(false);

    public static CheckAndMutateOptions defaults() {
        return DEFAULTS;
    }

    public CheckAndMutateOptions withReturnCheckValue(boolean v) {
        return new CheckAndMutateOptions(v);
    }
}
