package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.query_cfg_response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's state for one opened table: the current routing snapshot and its refresh (spec 7.3), and the
 * table's metrics. Shared by every {@link PegasusTable} view of the table.
 *
 * <p>{@code routing} is replaced, never mutated; readers take one snapshot per attempt. {@code dropped} is set when a
 * refresh is answered ERR_OBJECT_NOT_FOUND, so operations fail at once with "No such table" instead of retrying
 * until their deadline; a later successful refresh (the table was re-created) clears it.
 */
final class TableHandle {
    private static final Logger LOG = LoggerFactory.getLogger(TableHandle.class);

    private final ClientRuntime rt;
    private final String name;
    private final ClientMetrics.TableMetrics metrics;
    private final RefreshGate gate;
    private volatile TableRouting routing;
    private volatile boolean dropped;
    /** Retries waiting for the refresh in flight; guarded by {@code this}, like the gate's finish. */
    private final List<Runnable> refreshWaiters = new ArrayList<>();

    private TableHandle(ClientRuntime rt, String name, TableRouting routing) {
        this.rt = rt;
        this.name = name;
        this.routing = routing;
        this.metrics = rt.options.metrics().forTable(name);
        this.gate = RefreshGate.forOperationTimeout(rt.options.operationTimeoutMs());
    }

    /** Asks the MetaServer for the table's configuration (spec 7.1). */
    static CompletableFuture<TableHandle> open(ClientRuntime rt, String name) {
        return rt.meta.queryConfig(name).thenApply(r -> {
            ErrorCode err = error_code.codeOf(r.getErr());
            if (err != ErrorCode.ERR_OK) {
                throw new CompletionException(openFailure(name, err));
            }
            try {
                return new TableHandle(rt, name, TableRouting.from(name, r, rt::connection));
            } catch (IllegalArgumentException e) {
                throw new CompletionException(new PegasusException(
                        ErrorContext.table(name), ErrorCode.ERR_INVALID_DATA, "bad routing table: " + e.getMessage()));
            }
        });
    }

    static PegasusException openFailure(String name, ErrorCode err) {
        ErrorContext where = ErrorContext.table(name);
        return switch (err) {
            case ERR_OBJECT_NOT_FOUND -> new PegasusTableNotFoundException(name);
            case ERR_BUSY_CREATING -> new PegasusException(where, err, "table is being created (" + err + ")");
            case ERR_BUSY_DROPPING -> new PegasusException(where, err, "table is being dropped (" + err + ")");
            default -> new PegasusException(where, err, "cannot open table: " + err);
        };
    }

    String name() {
        return name;
    }

    ClientRuntime runtime() {
        return rt;
    }

    TableRouting routing() {
        return routing;
    }

    boolean dropped() {
        return dropped;
    }

    ClientMetrics.TableMetrics metrics() {
        return metrics;
    }

    /**
     * A request routed with {@code seen} failed in a way that calls for new routing. Starts, schedules or skips a
     * refresh as the gate decides; never blocks.
     */
    void requestRefresh(TableRouting seen) {
        if (rt.closed()) {
            return;
        }
        RefreshGate.Action a = gate.request(seen == routing, rt.nanoTime());
        switch (a.kind()) {
            case START -> refresh();
            case SCHEDULE ->
                rt.scheduler.schedule(
                        () -> {
                            if (gate.scheduledDue(rt.nanoTime()).kind() == RefreshGate.Action.Kind.START) {
                                refresh();
                            }
                        },
                        a.delayNanos());
            case NONE -> {}
        }
    }

    /**
     * Runs {@code retry} once the refresh in flight has ended (so a retry goes to the new primary rather than the
     * one that just refused it); false, doing nothing, when no refresh is in flight.
     */
    boolean runAfterRefresh(Runnable retry) {
        synchronized (this) {
            if (!gate.inFlight()) {
                return false;
            }
            refreshWaiters.add(retry);
            return true;
        }
    }

    private void refresh() {
        if (rt.closed()) {
            refreshEnded();
            return;
        }
        CompletableFuture<query_cfg_response> q;
        try {
            q = rt.meta.queryConfig(name);
        } catch (RuntimeException e) {
            LOG.warn("routing refresh of {} failed: {}", name, e.toString());
            refreshEnded();
            return;
        }
        var unused = q.whenComplete((r, e) -> {
            try {
                if (e != null) {
                    LOG.warn(
                            "routing refresh of {} failed: {}",
                            name,
                            Futures.unwrap(e).getMessage());
                } else {
                    apply(r);
                }
            } finally {
                refreshEnded();
            }
        });
    }

    private void refreshEnded() {
        List<Runnable> waiting;
        synchronized (this) {
            gate.finished();
            waiting = new ArrayList<>(refreshWaiters);
            refreshWaiters.clear();
        }
        waiting.forEach(Runnable::run);
    }

    private void apply(query_cfg_response r) {
        ErrorCode err = error_code.codeOf(r.getErr());
        if (err == ErrorCode.ERR_OBJECT_NOT_FOUND) {
            dropped = true;
            LOG.info("table {} no longer exists", name);
            return;
        }
        if (err != ErrorCode.ERR_OK) {
            LOG.warn("routing refresh of {} answered {}", name, err);
            return;
        }
        try {
            TableRouting next = TableRouting.from(name, r, rt::connection);
            routing = next;
            dropped = false;
            LOG.debug("new routing: {}", next);
        } catch (IllegalArgumentException ex) {
            LOG.warn("ignoring bad routing table for {}: {}", name, ex.getMessage());
        }
    }
}
