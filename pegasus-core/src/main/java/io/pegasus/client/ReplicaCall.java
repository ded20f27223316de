package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcException;
import io.pegasus.rpc.client.RpcConnection;
import io.pegasus.rpc.client.RpcResponse;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.thrift.TException;

/**
 * One replica operation from call to result: route, send, and on a retryable failure refresh the routing and try
 * again with backoff, all within the operation's deadline (spec 6.3, 7.3, 7.4). The decisions are
 * {@link RetryPolicy}'s; this class is the driver that does the IO.
 *
 * <p>Attempts are strictly sequential: the next one is started only from the previous one's completion (or its
 * backoff timer), so the fields below are handed from thread to thread through the future callbacks and the timer's
 * queue, which order them. The deadline guard runs concurrently with an attempt; whichever sets
 * {@link #finished} first wins, the other does nothing.
 *
 * <p>Invariant for non-idempotent operations: {@link #possiblyExecuted} is true from the moment a request is handed
 * to the connection until an answer proves the server did not execute it. A deadline or a lost answer while it is
 * true ends the operation with {@link PegasusOutcomeUnknownException}, never with a resend.
 */
final class ReplicaCall<T> {
    private final TableHandle table;
    private final ClientRuntime rt;
    private final ReplicaRequest<T> req;
    private final int timeoutMs;
    private final long startNanos;
    private final long deadlineNanos;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    /**
     * The thread that will wait for this operation, which may then do its first attempt's IO itself; null once the
     * first attempt is sent (attempts are sequential, see above), so no later attempt runs on that thread's socket.
     */
    private Thread waitingCaller;
    /** Set once by whoever ends the operation (an attempt or the deadline guard); the others then do nothing. */
    private final AtomicBoolean finished = new AtomicBoolean();

    private volatile Scheduler.Task deadlineTask;
    private volatile boolean possiblyExecuted;
    private volatile boolean waitingForPermit;
    private volatile int lastPartition = -1;
    private volatile String lastServer;
    private volatile String lastError;
    /** The routing of the last attempt sent, so that a deadline without an answer can ask for newer routing. */
    private volatile TableRouting lastRouting;

    private int retries;
    private int attempts;

    private ReplicaCall(TableHandle table, ReplicaRequest<T> req, int timeoutMs) {
        this.table = table;
        this.rt = table.runtime();
        this.req = req;
        this.timeoutMs = timeoutMs;
        this.startNanos = rt.nanoTime();
        this.deadlineNanos = startNanos + timeoutMs * 1_000_000L;
        this.waitingCaller = WaitingCaller.current();
    }

    /** Starts the operation; the future completes (on an IO or timer thread) with its result or exception. */
    static <T> CompletableFuture<T> start(TableHandle table, ReplicaRequest<T> req, int timeoutMs) {
        ReplicaCall<T> call = new ReplicaCall<>(table, req, timeoutMs);
        if (call.rt.closed()) {
            call.finish(null, new PegasusException(call.where(), ErrorCode.ERR_SESSION_RESET, "the client is closed"));
            return call.result;
        }
        call.deadlineTask = call.rt.scheduler.schedule(call::onDeadline, timeoutMs * 1_000_000L);
        call.attempt();
        return call.result;
    }

    private void attempt() {
        if (finished.get()) {
            return;
        }
        if (rt.limiter.tryAcquire()) {
            attemptWithPermit();
        } else {
            waitingForPermit = true;
            rt.limiter.enqueue(() -> {
                waitingForPermit = false;
                attemptWithPermit();
            });
        }
    }

    private void attemptWithPermit() {
        if (finished.get()) {
            rt.limiter.release();
            return;
        }
        if (rt.closed()) {
            rt.limiter.release();
            finish(null, new PegasusException(where(), ErrorCode.ERR_SESSION_RESET, "the client is closed"));
            return;
        }
        long remaining = deadlineNanos - rt.nanoTime();
        if (remaining <= 0) {
            rt.limiter.release();
            onDeadline();
            return;
        }
        TableRouting routing = table.routing();
        if (table.dropped()) {
            rt.limiter.release();
            table.requestRefresh(routing);
            finish(null, new PegasusTableNotFoundException(table.name()));
            return;
        }
        int partition = req.partitionIndex(routing);
        RpcConnection conn = routing.connection(partition);
        lastPartition = partition;
        if (conn == null) {
            rt.limiter.release();
            lastServer = null;
            lastError = "partition " + partition + " has no primary";
            table.requestRefresh(routing);
            retryLater();
            return;
        }
        lastServer = routing.primaryName(partition);
        lastRouting = routing;
        int attemptTimeoutMs = (int) Math.max(1, (remaining + 999_999) / 1_000_000);
        RequestMeta meta = RequestMeta.forPartition(routing.appId(), partition, attemptTimeoutMs, req.partitionHash());
        attempts++;
        possiblyExecuted = true;
        CompletableFuture<RpcResponse> reply;
        try {
            boolean onThisThread = Thread.currentThread() == waitingCaller;
            waitingCaller = null;
            reply = onThisThread
                    ? conn.callOnThisThread(req.rpcName(), meta, req.args(), attemptTimeoutMs)
                    : conn.call(req.rpcName(), meta, req.args(), attemptTimeoutMs);
        } catch (RuntimeException e) {
            rt.limiter.release();
            finish(
                    null,
                    new PegasusException(where(), ErrorCode.ERR_UNKNOWN, "cannot send " + req.rpcName() + ": " + e));
            return;
        }
        String server = lastServer;
        var unused = reply.whenComplete((response, error) -> onReply(routing, partition, server, response, error));
    }

    private void onReply(TableRouting routing, int partition, String server, RpcResponse response, Throwable error) {
        rt.limiter.release();
        if (finished.get()) {
            return;
        }
        ErrorCode code;
        RetryPolicy.Delivery delivery;
        if (error != null) {
            Throwable c = Futures.unwrap(error);
            if (c instanceof RpcException re) {
                code = re.error();
                delivery = deliveryOf(re);
            } else {
                code = ErrorCode.ERR_UNKNOWN;
                delivery = RetryPolicy.Delivery.SENT_NO_ANSWER;
            }
            // a local timeout says less than the error that made us retry before it
            if (code != ErrorCode.ERR_TIMEOUT || lastError == null) {
                lastError = c.getMessage();
            }
        } else if (response.ok()) {
            complete(new ErrorContext(table.name(), partition, server), response);
            return;
        } else {
            code = response.error();
            delivery = RetryPolicy.Delivery.ANSWERED;
            lastError = response.errorName() + " from " + server;
        }
        RetryPolicy.Decision d = RetryPolicy.decide(code, delivery, req.idempotent());
        if (d.refreshRouting()) {
            table.requestRefresh(routing);
        }
        ErrorContext where = new ErrorContext(table.name(), partition, server);
        if (d.outcomeUnknown()) {
            finish(
                    null,
                    new PegasusOutcomeUnknownException(
                            where,
                            code,
                            req.rpcName() + " was sent but its answer was lost (" + lastError
                                    + "); it may or may not have been applied and is not resent"));
            return;
        }
        if (!d.retry()) {
            finish(null, new PegasusException(where, code, req.rpcName() + " failed: " + hint(code, lastError)));
            return;
        }
        // a retryable failure is, for non-idempotent requests, proof that the server did not execute this one
        possiblyExecuted = false;
        if (!d.refreshRouting() || !table.runAfterRefresh(this::attempt)) {
            retryLater();
        }
    }

    private void complete(ErrorContext where, RpcResponse response) {
        T value;
        try {
            value = req.parser().parse(response);
        } catch (ResponseFailure f) {
            finish(null, f.toException(where));
            return;
        } catch (TException | RuntimeException e) {
            finish(
                    null,
                    new PegasusException(
                            where,
                            ErrorCode.ERR_INVALID_DATA,
                            "cannot decode the answer to " + req.rpcName() + ": " + e));
            return;
        }
        finish(value, null);
    }

    /**
     * A connect failure happens before anything is written (the cause is the socket's connect error); every other
     * local reset may have followed a write.
     */
    static RetryPolicy.Delivery deliveryOf(RpcException e) {
        return switch (e.error()) {
            case ERR_CAPACITY_EXCEEDED, ERR_INVALID_PARAMETERS -> RetryPolicy.Delivery.NOT_SENT;
            case ERR_SESSION_RESET ->
                e.getCause() instanceof SocketException
                        ? RetryPolicy.Delivery.NOT_SENT
                        : RetryPolicy.Delivery.SENT_NO_ANSWER;
            default -> RetryPolicy.Delivery.SENT_NO_ANSWER;
        };
    }

    private static String hint(ErrorCode code, String detail) {
        return code == ErrorCode.ERR_INVALID_DATA ? detail + " (the request may be too large)" : detail;
    }

    private void retryLater() {
        long remaining = deadlineNanos - rt.nanoTime();
        if (remaining <= 0) {
            onDeadline();
            return;
        }
        long delay = Math.min(RetryPolicy.backoffNanos(retries++, rt.options.retryBaseDelayMs()), remaining);
        rt.scheduler.schedule(this::attempt, delay);
    }

    private void onDeadline() {
        if (finished.get()) {
            return;
        }
        ErrorContext where = where();
        TableRouting sentWith = lastRouting;
        if (possiblyExecuted && sentWith != null) {
            // No answer at all: the server may be hung (paused, partitioned without a reset) or the partition may
            // have moved while this request waited; as the official client does on a timeout, ask the MetaServer so
            // that the next operation goes to the current primary instead of timing out the same way.
            table.requestRefresh(sentWith);
        }
        PegasusException e;
        if (!req.idempotent() && possiblyExecuted) {
            e = new PegasusOutcomeUnknownException(
                    where,
                    ErrorCode.ERR_TIMEOUT,
                    req.rpcName() + " got no answer within " + timeoutMs
                            + " ms; it may or may not have been applied and is not resent");
        } else if (waitingForPermit) {
            e = new PegasusTimeoutException(
                    where,
                    req.rpcName() + " timed out after " + timeoutMs
                            + " ms waiting for a free slot: the client already has " + rt.limiter.capacity()
                            + " requests in flight (maxInFlightRequests)");
        } else {
            e = new PegasusTimeoutException(
                    where,
                    req.rpcName() + " timed out after " + timeoutMs + " ms (" + attempts + " attempt"
                            + (attempts == 1 ? "" : "s") + (lastError == null ? "" : "; last error: " + lastError)
                            + ")");
        }
        finish(null, e);
    }

    private ErrorContext where() {
        return new ErrorContext(table.name(), lastPartition, lastServer);
    }

    private void finish(T value, PegasusException error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task t = deadlineTask;
        if (t != null) {
            t.cancel();
        }
        // recorded before completing, so a caller that sees the result also sees it counted
        table.metrics().record(req.type(), rt.nanoTime() - startNanos, error == null);
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }
}
