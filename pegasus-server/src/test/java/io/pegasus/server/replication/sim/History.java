package io.pegasus.server.replication.sim;

import io.pegasus.base.ErrorCode;
import io.pegasus.server.replication.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every client operation of a simulation and how it ended. */
public final class History {

    public enum Status {
        PENDING,
        /** Write acknowledged (applied on the primary) / read served. */
        OK,
        /** Refused with an error: certainly not executed. */
        FAILED,
        /** The replica gave up on it: it may or may not have been executed. */
        UNKNOWN
    }

    /** One client operation. */
    public static final class Op {
        public final long id;
        public final boolean write;
        public final String key;
        public final String value;
        public final NodeId target;
        public final long issuedAtMillis;
        /** Highest decree of any write acknowledged before this operation was issued. */
        public final long ackedDecreeAtIssue;

        Status status = Status.PENDING;
        ErrorCode error;
        long decree = -1;
        String readValue;
        NodeId servedBy;

        Op(long id, boolean write, String key, String value, NodeId target, long now, long ackedDecreeAtIssue) {
            this.id = id;
            this.write = write;
            this.key = key;
            this.value = value;
            this.target = target;
            this.issuedAtMillis = now;
            this.ackedDecreeAtIssue = ackedDecreeAtIssue;
        }

        public Status status() {
            return status;
        }

        public ErrorCode error() {
            return error;
        }

        public long decree() {
            return decree;
        }

        public String readValue() {
            return readValue;
        }

        @Override
        public String toString() {
            return (write ? "write#" : "read#") + id + "(" + key + (write ? "=" + value : "") + ")@" + target + " "
                    + status + (error == null ? "" : " " + error) + (decree < 0 ? "" : " decree " + decree);
        }
    }

    private final Map<Long, Op> ops = new LinkedHashMap<>();
    private long nextId = 1;
    private long maxAckedDecree;

    Op issue(boolean write, String key, String value, NodeId target, long now) {
        Op op = new Op(nextId++, write, key, value, target, now, maxAckedDecree);
        ops.put(op.id, op);
        return op;
    }

    public Op get(long id) {
        return ops.get(id);
    }

    void acked(long id, long decree) {
        Op op = ops.get(id);
        if (op.status != Status.PENDING) {
            throw new AssertionError("answered twice: " + op + ", again with decree " + decree);
        }
        op.status = Status.OK;
        op.decree = decree;
        maxAckedDecree = Math.max(maxAckedDecree, decree);
    }

    void served(long id, NodeId by, String value) {
        Op op = ops.get(id);
        op.status = Status.OK;
        op.servedBy = by;
        op.readValue = value;
    }

    void failed(long id, ErrorCode error) {
        Op op = ops.get(id);
        if (op.status != Status.PENDING) {
            throw new AssertionError("answered twice: " + op + ", again with " + error);
        }
        op.status = Status.FAILED;
        op.error = error;
    }

    void abandoned(long id) {
        Op op = ops.get(id);
        if (op.status == Status.PENDING) {
            op.status = Status.UNKNOWN;
        }
    }

    public List<Op> all() {
        return new ArrayList<>(ops.values());
    }

    public List<Op> ackedWrites() {
        List<Op> out = new ArrayList<>();
        for (Op op : ops.values()) {
            if (op.write && op.status == Status.OK) {
                out.add(op);
            }
        }
        return out;
    }

    public long maxAckedDecree() {
        return maxAckedDecree;
    }
}
