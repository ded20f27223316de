package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_mutate_response;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.mutate;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * check_and_set (4.6) and check_and_mutate (4.7): read the checked record, evaluate the check, write only if it
 * passes. Error 0 = passed and written, 13 = check failed, 4 = bad request or integer check on a non-integer. The
 * check fields always describe the checked record and are filled for 0, 13 and the integer-parse 4, not for the
 * request-validation 4.
 */
final class CheckedWrites {
    private CheckedWrites() {}

    /** The checked record as the response reports it. */
    private record Checked(CasCheck.Result result, boolean exists, byte[] value) {}

    static check_and_set_response checkAndSet(DecreeBatch b, check_and_set_request r) throws RocksDBException {
        PartitionId id = b.id();
        check_and_set_response resp = new check_and_set_response(
                StatusCode.INVALID_ARGUMENT, false, false, new blob(), id.appId(), id.partitionIndex(), b.decree, "");
        byte[] hk = blob.bytesOf(r.getHash_key());
        if (!CasCheck.isValidType(r.getCheck_type())
                || hk.length > StoredKey.MAX_HASH_KEY_LENGTH
                || blob.bytesOf(r.getSet_value()).length > b.maxValueBytes()) {
            return resp;
        }
        byte[] checkSk = blob.bytesOf(r.getCheck_sort_key());
        Checked c = check(b, hk, checkSk, r.getCheck_type(), blob.bytesOf(r.getCheck_operand()));
        if (r.isReturn_check_value()) {
            resp.setCheck_value_returned(true).setCheck_value_exist(c.exists).setCheck_value(new blob(c.value));
        }
        if (c.result == CasCheck.Result.PASS) {
            byte[] setSk = r.isSet_diff_sort_key() ? blob.bytesOf(r.getSet_sort_key()) : checkSk;
            b.put(StoredKey.encode(hk, setSk), blob.bytesOf(r.getSet_value()), r.getSet_expire_ts_seconds());
        }
        return resp.setError(errorOf(c.result));
    }

    static check_and_mutate_response checkAndMutate(DecreeBatch b, check_and_mutate_request r) throws RocksDBException {
        PartitionId id = b.id();
        check_and_mutate_response resp = new check_and_mutate_response(
                StatusCode.INVALID_ARGUMENT, false, false, new blob(), id.appId(), id.partitionIndex(), b.decree, "");
        byte[] hk = blob.bytesOf(r.getHash_key());
        List<mutate> mutations = r.getMutate_list();
        // spec order: empty list, bad operation, bad check type; then our own key and value limits
        if (mutations == null || mutations.isEmpty() || !validOperations(mutations, b.maxValueBytes())) {
            return resp;
        }
        if (!CasCheck.isValidType(r.getCheck_type()) || hk.length > StoredKey.MAX_HASH_KEY_LENGTH) {
            return resp;
        }
        Checked c = check(
                b, hk, blob.bytesOf(r.getCheck_sort_key()), r.getCheck_type(), blob.bytesOf(r.getCheck_operand()));
        if (r.isReturn_check_value()) {
            resp.setCheck_value_returned(true).setCheck_value_exist(c.exists).setCheck_value(new blob(c.value));
        }
        if (c.result == CasCheck.Result.PASS) {
            for (mutate m : mutations) { // in list order: later entries win
                byte[] key = StoredKey.encode(hk, blob.bytesOf(m.getSort_key()));
                if (m.getOperation() == 0) {
                    b.put(key, blob.bytesOf(m.getValue()), m.getSet_expire_ts_seconds());
                } else {
                    b.delete(key);
                }
            }
        }
        return resp.setError(errorOf(c.result));
    }

    private static boolean validOperations(List<mutate> mutations, int maxValueBytes) {
        for (mutate m : mutations) {
            if (m.getOperation() != 0 && m.getOperation() != 1) {
                return false;
            }
        }
        for (mutate m : mutations) {
            if (m.getOperation() == 0 && blob.bytesOf(m.getValue()).length > maxValueBytes) {
                return false;
            }
        }
        return true;
    }

    private static Checked check(DecreeBatch b, byte[] hk, byte[] checkSk, int type, byte[] operand)
            throws RocksDBException {
        byte[] stored = b.readLive(StoredKey.encode(hk, checkSk));
        byte[] value = stored == null ? Bytes.EMPTY : b.codec().user(stored);
        return new Checked(CasCheck.evaluate(type, stored != null, value, operand), stored != null, value);
    }

    private static int errorOf(CasCheck.Result result) {
        return switch (result) {
            case PASS -> StatusCode.OK;
            case FAIL -> StatusCode.TRY_AGAIN;
            case INVALID -> StatusCode.INVALID_ARGUMENT;
        };
    }
}
