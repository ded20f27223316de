package io.pegasus.client;

/**
 * Outcome of compareExchange.
 *
 * @param setSucceed true when the current value equalled the expected one and the desired value was written
 * @param actualValue when not set: the current value, or null when the record does not exist; null on success
 */
@SuppressWarnings("ArrayRecordComponent") // a result holder; callers compare the bytes themselves
public record CompareExchangeResult(boolean setSucceed, byte[] actualValue) {}
