package io.pegasus.client;

/**
 * Outcome of checkAndSet (spec 4.6).
 *
 * @param setSucceed true when the check passed and the value was written; false when the check did not pass
 *     (nothing written; not an error)
 * @param checkValueReturned true when the caller asked for the checked record's value
 * @param checkValueExist when returned: whether the checked record existed (present and not expired)
 * @param checkValue when returned and existing: the checked record's value before the write; otherwise null
 */
@SuppressWarnings("ArrayRecordComponent") // a result holder; callers compare the bytes themselves
public record CheckAndSetResult(
        boolean setSucceed, boolean checkValueReturned, boolean checkValueExist, byte[] checkValue) {}
