package io.pegasus.server.meta;

import io.pegasus.base.ErrorCode;
import java.util.List;

/**
 * The outcome of a pure decision: either a refusal (an error and a hint, nothing to write) or the records to write
 * and, once they are durable, the actions to send and the result to answer with.
 *
 * @param hint a human-readable reason for a refusal, sent as {@code hint_message} where the response has one
 * @param result what the caller answers with on success (a table id, a configuration...), may be null
 */
public record Decision<T>(ErrorCode error, String hint, List<MetaRecord> records, List<MetaAction> actions, T result) {
    public Decision {
        records = List.copyOf(records);
        actions = List.copyOf(actions);
    }

    public static <T> Decision<T> refuse(ErrorCode error, String hint) {
        return new Decision<>(error, hint, List.of(), List.of(), null);
    }

    public static <T> Decision<T> refuse(ErrorCode error, String hint, T result) {
        return new Decision<>(error, hint, List.of(), List.of(), result);
    }

    public static <T> Decision<T> accept(List<MetaRecord> records, List<MetaAction> actions, T result) {
        return new Decision<>(ErrorCode.ERR_OK, "", records, actions, result);
    }

    /** Success with nothing to change (e.g. creating a table that already exists identically). */
    public static <T> Decision<T> noChange(T result) {
        return new Decision<>(ErrorCode.ERR_OK, "", List.of(), List.of(), result);
    }

    public boolean ok() {
        return error == ErrorCode.ERR_OK;
    }
}
