package io.pegasus.chaos.workload;

import io.pegasus.client.CheckAndSetOptions;
import io.pegasus.client.CheckAndSetResult;
import io.pegasus.client.CheckType;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register model on a Pegasus table: a key is a hash key with the fixed sort key {@code "v"}; GET, SET, DEL, INCR
 * and CAS (check_and_set of the same record: VALUE_NOT_EXIST when the expected value is "absent", else
 * VALUE_BYTES_EQUAL) are the client's get, set, del, incr and checkAndSet. Each call is recorded as an {@link Op}.
 */
public final class RegisterOps {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterOps.class);
    static final byte[] SORT_KEY = Bytes.utf8("v");

    private RegisterOps() {}

    /** The partition a key lives in, for a table of {@code partitionCount} partitions. */
    public static int partitionOf(String key, int partitionCount) {
        return PartitionHash.partitionIndex(PartitionHash.of(Bytes.utf8(key), SORT_KEY), partitionCount);
    }

    /** Issues {@code p} as client {@code process}, waits for its outcome, records it and returns it. */
    public static Op execute(PegasusTable table, int process, PlannedOp p, HistoryRecorder history) {
        byte[] hk = Bytes.utf8(p.key());
        long invoke = history.now();
        Op op;
        try {
            op = switch (p.kind()) {
                case GET -> {
                    byte[] v = table.get(hk, SORT_KEY);
                    yield Op.get(process, p.key(), invoke, history.now(), OpStatus.OK, string(v));
                }
                case SET -> {
                    table.set(hk, SORT_KEY, Bytes.utf8(p.value()));
                    yield Op.set(process, p.key(), p.value(), invoke, history.now(), OpStatus.OK);
                }
                case DEL -> {
                    table.del(hk, SORT_KEY);
                    yield Op.del(process, p.key(), invoke, history.now(), OpStatus.OK);
                }
                case INCR -> {
                    long result = table.incr(hk, SORT_KEY, p.delta());
                    yield Op.incr(process, p.key(), p.delta(), invoke, history.now(), OpStatus.OK, result);
                }
                case CAS -> {
                    CheckAndSetResult r = table.checkAndSet(
                            hk,
                            SORT_KEY,
                            p.expected() == null ? CheckType.VALUE_NOT_EXIST : CheckType.VALUE_BYTES_EQUAL,
                            p.expected() == null ? Bytes.EMPTY : Bytes.utf8(p.expected()),
                            SORT_KEY,
                            Bytes.utf8(p.value()),
                            CheckAndSetOptions.defaults());
                    yield Op.cas(
                            process,
                            p.key(),
                            p.expected(),
                            p.value(),
                            invoke,
                            history.now(),
                            OpStatus.OK,
                            r.setSucceed());
                }
            };
        } catch (PegasusException e) {
            op = failed(process, p, invoke, history.now(), Outcomes.classify(p.kind(), e));
        } catch (RuntimeException e) {
            LOG.warn("unexpected failure of {}: {}", p, e.toString());
            op = failed(process, p, invoke, history.now(), OpStatus.UNKNOWN);
        }
        history.record(op);
        return op;
    }

    private static Op failed(int process, PlannedOp p, long invoke, long complete, OpStatus status) {
        return switch (p.kind()) {
            case GET -> Op.get(process, p.key(), invoke, complete, status, null);
            case SET -> Op.set(process, p.key(), p.value(), invoke, complete, status);
            case DEL -> Op.del(process, p.key(), invoke, complete, status);
            case INCR -> Op.incr(process, p.key(), p.delta(), invoke, complete, status, 0);
            case CAS -> Op.cas(process, p.key(), p.expected(), p.value(), invoke, complete, status, false);
        };
    }

    private static String string(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
