package io.pegasus.client;

/**
 * Outcome of checkAndMutate (spec 4.7): like {@link CheckAndSetResult}, for a list of mutations.
 *
 * @param mutateSucceed true when the check passed and every mutation was applied atomically
 */
@SuppressWarnings("ArrayRecordComponent") // a result holder; callers compare the bytes themselves
public record CheckAndMutateResult(
        boolean mutateSucceed, boolean checkValueReturned, boolean checkValueExist, byte[] checkValue) {}
