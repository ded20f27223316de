package io.pegasus.client;

import io.pegasus.data.Bytes;
import io.pegasus.rpc.server.RpcHandler;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_response;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_response;

/** Canned replica answers for the network tests. */
final class Answers {
    private Answers() {}

    static RpcHandler value(String v) {
        return call -> call.reply(
                new read_response(0, new blob(Bytes.utf8(v)), 1, call.meta().partitionIndex(), "x"));
    }

    /** Answers with {@code handler} after {@code millis}, off the server's IO thread. */
    static RpcHandler delayed(long millis, RpcHandler handler) {
        return call -> java.util.concurrent.CompletableFuture.delayedExecutor(
                        millis, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try {
                        handler.handle(call);
                    } catch (org.apache.thrift.TException e) {
                        call.fail(io.pegasus.base.ErrorCode.ERR_UNKNOWN);
                    }
                });
    }

    static RpcHandler updated() {
        return call -> call.reply(new update_response(0, 1, call.meta().partitionIndex(), 1, "x"));
    }

    static RpcHandler incremented(long newValue) {
        return call -> call.reply(new incr_response(0, newValue, 1, call.meta().partitionIndex(), 1, "x"));
    }

    static RpcHandler casDone() {
        return call -> call.reply(new check_and_set_response(0, false, false, new blob(), 1, 0, 1, "x"));
    }

    static RpcHandler camDone() {
        return call -> call.reply(new check_and_mutate_response(0, false, false, new blob(), 1, 0, 1, "x"));
    }
}
