package io.pegasus.client;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.scan_response;
import java.util.List;

/**
 * The scan of one key range on one partition, as a state machine with no IO (spec 4.13, 4.14, 7.5). The driver asks
 * {@link #next()} what to send, sends it, and feeds the answer to {@link #onOpenResponse} or
 * {@link #onScanResponse}.
 *
 * <ul>
 *   <li>A context id >= 0 means more may follow (SCAN with that id); -1 means the range is finished. Ids are
 *       single-use: each answer brings the next one.
 *   <li>SCAN answered 1 (NotFound: the context expired, was consumed by a lost call, or lives on a former primary):
 *       re-open with GET_SCANNER from the last key handed out, exclusive, so nothing is lost or repeated. (The
 *       official client restarts from the original start when its last batch was empty; this one remembers the
 *       last key across batches.)
 *   <li>7 (Incomplete: the server's time budget): the records of that batch are handed out, then the scan fails.
 *   <li>Anything else fails the scan.
 * </ul>
 */
final class ScanState {
    enum Step {
        /** Send GET_SCANNER with {@link #openRequest()}. */
        OPEN,
        /** Send SCAN with {@link #contextId()}. */
        CONTINUE,
        DONE
    }

    /** What one answer yields: records to hand out, and a status that ends the scan after them (0 = none). */
    record Batch(List<key_value> records, int abortStatus) {}

    /** Re-opens in a row that brought no record before the scan gives up (a server that keeps losing contexts). */
    static final int MAX_REOPENS_WITHOUT_PROGRESS = 3;

    private static final long NEED_OPEN = -2;
    private static final byte[] FULL_START = {0, 0};
    private static final byte[] FULL_STOP = {(byte) 0xFF, (byte) 0xFF};

    private final byte[] startKey;
    private final boolean startInclusive;
    private final byte[] stopKey;
    private final boolean stopInclusive;
    private final ScanOptions options;
    private long contextId = NEED_OPEN;
    private byte[] lastKey;
    private boolean done;
    private int reopens;

    private ScanState(byte[] start, boolean startIncl, byte[] stop, boolean stopIncl, ScanOptions options) {
        this.startKey = start;
        this.startInclusive = startIncl;
        this.stopKey = stop;
        this.stopInclusive = stopIncl;
        this.options = options;
        int c = Bytes.compare(start, stop);
        // an empty range is never sent to a server
        this.done = c > 0 || (c == 0 && !(startIncl && stopIncl));
    }

    /**
     * The range of a hash-key scan (spec 4.13): [key(hk, start), key(hk, stop)] with the options' inclusive flags; an
     * empty stop sort key means "to the end of the hash key" (exclusive successor); a PREFIX sort-key filter with a
     * pattern narrows the range to the keys with that prefix (as in multi_get, spec 4.9 step 2).
     */
    static ScanState forHashKey(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions o) {
        byte[] start = StoredKey.encode(hashKey, startSortKey);
        boolean startIncl = o.startInclusive();
        byte[] stop;
        boolean stopIncl;
        if (stopSortKey == null || stopSortKey.length == 0) {
            stop = StoredKey.successor(hashKey);
            stopIncl = false;
        } else {
            stop = StoredKey.encode(hashKey, stopSortKey);
            stopIncl = o.stopInclusive();
        }
        byte[] pattern = o.sortKeyFilterPattern();
        if (o.sortKeyFilterType() == FilterType.MATCH_PREFIX && pattern != null && pattern.length > 0) {
            byte[] prefixStart = StoredKey.encode(hashKey, pattern);
            if (Bytes.compare(prefixStart, start) > 0) {
                start = prefixStart;
                startIncl = true;
            }
            byte[] prefixStop = StoredKey.successor(hashKey, pattern);
            if (Bytes.compare(prefixStop, stop) <= 0) {
                stop = prefixStop;
                stopIncl = false;
            }
        }
        return new ScanState(start, startIncl, stop, stopIncl, o);
    }

    /** A whole partition: {@code 00 00} inclusive to {@code ff ff} exclusive (spec 4.13 full scan). */
    static ScanState forPartition(ScanOptions o) {
        return new ScanState(FULL_START, true, FULL_STOP, false, o);
    }

    Step next() {
        if (done) {
            return Step.DONE;
        }
        return contextId == NEED_OPEN ? Step.OPEN : Step.CONTINUE;
    }

    /** GET_SCANNER for the first open, or for a re-open after the last key handed out (exclusive). */
    get_scanner_request openRequest() {
        return lastKey == null
                ? Requests.getScanner(startKey, startInclusive, stopKey, stopInclusive, options)
                : Requests.getScanner(lastKey, false, stopKey, stopInclusive, options);
    }

    long contextId() {
        return contextId;
    }

    /** A context the server still keeps for us (to clear when the scan is abandoned), or -1. */
    long liveContext() {
        return !done && contextId >= 0 ? contextId : -1;
    }

    boolean done() {
        return done;
    }

    Batch onOpenResponse(scan_response r) throws ResponseFailure {
        return onResponse(r, true);
    }

    Batch onScanResponse(scan_response r) throws ResponseFailure {
        return onResponse(r, false);
    }

    private Batch onResponse(scan_response r, boolean open) throws ResponseFailure {
        List<key_value> kvs = r.getKvs() == null ? List.of() : r.getKvs();
        if (!kvs.isEmpty()) {
            lastKey = io.pegasus.thrift.blob.bytesOf(kvs.get(kvs.size() - 1).getKey());
            reopens = 0;
        }
        switch (r.getError()) {
            case StatusCode.OK -> {
                contextId = r.getContext_id();
                if (contextId < 0) {
                    // -1 is "finished"; other negative ids are not valid contexts (spec 4.13)
                    done = true;
                }
                return new Batch(kvs, 0);
            }
            case StatusCode.NOT_FOUND -> {
                if (open) {
                    done = true;
                    throw ResponseFailure.status(r.getError(), "scan (get_scanner)");
                }
                if (++reopens > MAX_REOPENS_WITHOUT_PROGRESS) {
                    done = true;
                    throw ResponseFailure.status(r.getError(), "scan (context lost " + reopens + " times in a row)");
                }
                contextId = NEED_OPEN;
                return new Batch(kvs, 0);
            }
            case StatusCode.INCOMPLETE -> {
                done = true;
                return new Batch(kvs, StatusCode.INCOMPLETE);
            }
            default -> {
                done = true;
                throw ResponseFailure.status(r.getError(), "scan");
            }
        }
    }
}
