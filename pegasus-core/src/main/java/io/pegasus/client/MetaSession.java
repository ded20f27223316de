package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.rpc_address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends MetaServer RPCs, following the leader across the configured MetaServers (spec 7.2) with a bounded number of
 * attempts, each with the meta query timeout. The decisions are {@link MetaLeaderPolicy}'s; this class does the IO.
 */
final class MetaSession {
    private static final Logger LOG = LoggerFactory.getLogger(MetaSession.class);

    /**
     * One kind of MetaServer RPC.
     *
     * @param errOf the response's {@code err} field
     * @param leaderHintOf the leader address a forwarding answer carries (query-config only), or null
     */
    record MetaRpc<R extends TBase<?, ?>>(
            String name,
            TBase<?, ?> args,
            Supplier<R> newResponse,
            Function<R, ErrorCode> errOf,
            Function<R, InetSocketAddress> leaderHintOf) {}

    private final RpcClient rpc;
    private final MetaLeaderPolicy policy;
    private final Scheduler scheduler;
    private final int timeoutMs;
    private final int attempts;
    private final long notActiveDelayNanos;

    MetaSession(
            RpcClient rpc,
            MetaLeaderPolicy policy,
            Scheduler scheduler,
            int timeoutMs,
            int attempts,
            int notActiveDelayMs) {
        this.rpc = rpc;
        this.policy = policy;
        this.scheduler = scheduler;
        this.timeoutMs = timeoutMs;
        this.attempts = attempts;
        this.notActiveDelayNanos = notActiveDelayMs * 1_000_000L;
    }

    MetaLeaderPolicy policy() {
        return policy;
    }

    /** query-config for every partition of {@code table} (spec 3.1). */
    CompletableFuture<query_cfg_response> queryConfig(String table) {
        return call(queryConfigRpc(table));
    }

    static MetaRpc<query_cfg_response> queryConfigRpc(String table) {
        return new MetaRpc<>(
                RpcNames.QUERY_CONFIG,
                new query_cfg_request(table, new ArrayList<>()),
                query_cfg_response::new,
                r -> error_code.codeOf(r.getErr()),
                MetaSession::leaderHint);
    }

    /** The leader address of a forwarding query-config answer: {@code partitions[0].primary}, if valid. */
    static InetSocketAddress leaderHint(query_cfg_response r) {
        if (r.getPartitions() == null || r.getPartitions().isEmpty()) {
            return null;
        }
        partition_configuration pc = r.getPartitions().get(0);
        rpc_address a = pc == null ? null : pc.getPrimary();
        return a == null || a.isInvalid() ? null : new InetSocketAddress(a.ip(), a.port());
    }

    /**
     * Runs a MetaServer RPC. Completes with the response whatever its {@code err} (except the forwarding and
     * not-active codes, which are handled here); fails with a {@link PegasusException} when no MetaServer gave a
     * final answer within the attempts.
     */
    <R extends TBase<?, ?>> CompletableFuture<R> call(MetaRpc<R> call) {
        CompletableFuture<R> result = new CompletableFuture<>();
        attempt(call, result, 1, policy.leader());
        return result;
    }

    private <R extends TBase<?, ?>> void attempt(
            MetaRpc<R> call, CompletableFuture<R> result, int attempt, InetSocketAddress server) {
        // the official client sends app_id -1 / partition_index -2 for query-config (spec 8.8), 0 / 0 otherwise
        RequestMeta meta = RpcNames.QUERY_CONFIG.equals(call.name())
                ? new RequestMeta(-1, -2, timeoutMs, 0, false)
                : RequestMeta.forMeta(timeoutMs);
        CompletableFuture<RpcResponse> reply;
        try {
            reply = rpc.connection(server).call(call.name(), meta, Args.struct(call.args()), timeoutMs);
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(call, ErrorCode.ERR_UNKNOWN, "cannot send to " + server + ": " + e));
            return;
        }
        var unused = reply.whenComplete((response, error) -> {
            ErrorCode rpcError;
            String detail;
            R r = null;
            if (error != null) {
                Throwable c = Futures.unwrap(error);
                rpcError = c instanceof RpcException re ? re.error() : ErrorCode.ERR_UNKNOWN;
                detail = c.getMessage();
            } else if (!response.ok()) {
                rpcError = response.error();
                detail = response.errorName() + " from " + name(server);
            } else {
                try {
                    r = response.readResult(call.newResponse().get());
                } catch (TException | RuntimeException e) {
                    result.completeExceptionally(failure(
                            call, ErrorCode.ERR_INVALID_DATA, "malformed answer from " + name(server) + ": " + e));
                    return;
                }
                rpcError = ErrorCode.ERR_OK;
                detail = null;
            }
            ErrorCode err = r == null ? null : call.errOf().apply(r);
            InetSocketAddress hint = r == null ? null : call.leaderHintOf().apply(r);
            MetaLeaderPolicy.Step step = policy.next(server, rpcError, err, hint);
            if (step == MetaLeaderPolicy.Step.DONE) {
                if (rpcError == ErrorCode.ERR_OK) {
                    result.complete(r);
                } else {
                    result.completeExceptionally(failure(call, rpcError, detail));
                }
                return;
            }
            ErrorCode last = rpcError == ErrorCode.ERR_OK ? err : rpcError;
            String why = detail != null ? detail : last + " from " + name(server);
            if (attempt >= attempts) {
                result.completeExceptionally(exhausted(call, last, why));
                return;
            }
            if (step == MetaLeaderPolicy.Step.RETRY_SAME_LATER) {
                scheduler.schedule(() -> attempt(call, result, attempt + 1, server), notActiveDelayNanos);
            } else if (step == MetaLeaderPolicy.Step.TRY_LEADER_LATER) {
                InetSocketAddress next = policy.leader();
                LOG.debug("{}: {} (no leader known) -> trying meta server {} shortly", call.name(), why, next);
                scheduler.schedule(() -> attempt(call, result, attempt + 1, next), notActiveDelayNanos);
            } else {
                InetSocketAddress next = policy.leader();
                LOG.debug("{}: {} -> trying meta server {}", call.name(), why, next);
                attempt(call, result, attempt + 1, next);
            }
        });
    }

    private static String name(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static PegasusException failure(MetaRpc<?> call, ErrorCode code, String detail) {
        ErrorContext where = new ErrorContext(null, -1, null);
        String message = call.name() + " failed: " + detail;
        return code == ErrorCode.ERR_TIMEOUT
                ? new PegasusTimeoutException(where, message)
                : new PegasusException(where, code, message);
    }

    private PegasusException exhausted(MetaRpc<?> call, ErrorCode last, String detail) {
        String message;
        if (last == ErrorCode.ERR_SESSION_RESET || last == ErrorCode.ERR_TIMEOUT) {
            message = "cannot reach any MetaServer of " + names() + " after " + attempts + " attempts; last error: "
                    + detail;
        } else {
            message = "no MetaServer of " + names() + " served " + call.name() + " after " + attempts
                    + " attempts; last answer: " + detail;
        }
        ErrorContext where = new ErrorContext(null, -1, null);
        return last == ErrorCode.ERR_TIMEOUT
                ? new PegasusTimeoutException(where, message)
                : new PegasusException(where, last, message);
    }

    private String names() {
        StringBuilder sb = new StringBuilder("[");
        for (InetSocketAddress a : policy.servers()) {
            sb.append(sb.length() > 1 ? ", " : "").append(name(a));
        }
        return sb.append(']').toString();
    }
}
