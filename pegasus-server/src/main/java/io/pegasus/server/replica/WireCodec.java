package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.codec.ThriftProtocols;
import io.pegasus.server.replication.LearnState;
import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.replication.ReplicaMessage;
import io.pegasus.server.replication.Role;
import io.pegasus.server.replication.WriteRequest;
import io.pegasus.server.storage.WriteRequest.Kind;
import io.pegasus.server.wire.checkpoint_ref;
import io.pegasus.server.wire.group_check_msg;
import io.pegasus.server.wire.group_check_reply_msg;
import io.pegasus.server.wire.learn_catch_up_msg;
import io.pegasus.server.wire.learn_completed_msg;
import io.pegasus.server.wire.learn_copy_msg;
import io.pegasus.server.wire.learn_rejected_msg;
import io.pegasus.server.wire.learn_request_msg;
import io.pegasus.server.wire.learn_state_data;
import io.pegasus.server.wire.logged_mutation;
import io.pegasus.server.wire.mutation_data;
import io.pegasus.server.wire.prepare_ack_msg;
import io.pegasus.server.wire.prepare_msg;
import io.pegasus.server.wire.replica_config;
import io.pegasus.server.wire.write_op;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;

/**
 * Maps the pure replication types (io.pegasus.server.replication) to the Thrift structs of replication.thrift and
 * back. Every message names its sender, since one-way RPCs carry no reply address.
 */
final class WireCodec {
    private static final Kind[] KINDS = Kind.values();

    private WireCodec() {}

    // configurations

    static replica_config toWire(PartitionConfig c) {
        return new replica_config(
                c.ballot(),
                c.primary() == null ? "" : c.primary().address(),
                names(c.secondaries()),
                names(c.lastDrops()));
    }

    static PartitionConfig fromWire(replica_config c) {
        String primary = c.getPrimary();
        return new PartitionConfig(
                c.getBallot(),
                primary == null || primary.isEmpty() ? null : NodeId.of(primary),
                nodes(c.getSecondaries()),
                nodes(c.getLast_drops()));
    }

    private static List<String> names(List<NodeId> nodes) {
        List<String> out = new ArrayList<>(nodes.size());
        for (NodeId n : nodes) {
            out.add(n.address());
        }
        return out;
    }

    private static List<NodeId> nodes(List<String> names) {
        List<NodeId> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                out.add(NodeId.of(n));
            }
        }
        return out;
    }

    // mutations

    static mutation_data toWire(Mutation m) {
        List<write_op> ops = new ArrayList<>(m.writes().size());
        for (WriteRequest w : m.writes()) {
            WireWrite ww = (WireWrite) w.payload();
            // the field, not the constructor or setter, which copy the bytes: args are never written (WireWrite)
            write_op op = new write_op().setKind(ww.kind().ordinal());
            op.request = ByteBuffer.wrap(ww.args());
            ops.add(op);
        }
        return new mutation_data(m.ballot(), m.decree(), m.timestampMicros(), ops);
    }

    /** A mutation received from elsewhere; its writes carry no client to answer (request id 0). */
    static Mutation fromWire(mutation_data m) throws TException {
        List<WriteRequest> writes = new ArrayList<>();
        if (m.getWrites() != null) {
            for (write_op op : m.getWrites()) {
                if (op.getKind() < 0 || op.getKind() >= KINDS.length) {
                    throw new TException("unknown write kind " + op.getKind() + " in mutation " + m.getDecree());
                }
                writes.add(new WriteRequest(0, WireWrite.ofBytes(KINDS[op.getKind()], bytes(op.request))));
            }
        }
        return new Mutation(m.getBallot(), m.getDecree(), m.getTimestamp_us(), writes);
    }

    /**
     * The bytes of a decoded binary field, copied once: Thrift's getter copies twice (to a right-sized buffer, then
     * again in its setter). A field read from a frame or a log payload is a window on that array, so one copy is due.
     */
    static byte[] bytes(ByteBuffer b) throws TException {
        if (b == null) {
            throw new TException("a write in a mutation has no request bytes");
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static List<mutation_data> toWire(List<Mutation> ms) {
        List<mutation_data> out = new ArrayList<>(ms.size());
        for (Mutation m : ms) {
            out.add(toWire(m));
        }
        return out;
    }

    static List<Mutation> fromWire(List<mutation_data> ms) throws TException {
        List<Mutation> out = new ArrayList<>();
        if (ms != null) {
            for (mutation_data m : ms) {
                out.add(fromWire(m));
            }
        }
        return out;
    }

    /** The bytes a replica's mutation log stores for one mutation. */
    static byte[] logPayload(Mutation m, long committedDecree) throws TException {
        int size = 64;
        for (WriteRequest w : m.writes()) {
            size += ((WireWrite) w.payload()).args().length + 16;
        }
        return encode(new logged_mutation(toWire(m), committedDecree), size);
    }

    static logged_mutation readLogPayload(byte[] payload) throws TException {
        return decode(payload, new logged_mutation());
    }

    // learn state

    static learn_state_data toWire(LearnState s) {
        learn_state_data d = new learn_state_data(s.checkpointDecree(), toWire(s.mutations()), s.lastDecree());
        if (s.hasCheckpoint()) {
            d.setCheckpoint((checkpoint_ref) s.checkpoint());
        }
        return d;
    }

    static LearnState fromWire(learn_state_data d) throws TException {
        return new LearnState(
                d.getCheckpoint_decree(), d.getCheckpoint(), fromWire(d.getMutations()), d.getLast_decree());
    }

    // messages

    /** The RPC name and struct that carry {@code message} from {@code from}. */
    static Outgoing toWire(NodeId from, ReplicaMessage message) {
        String f = from.address();
        if (message instanceof ReplicaMessage.Prepare p) {
            return new Outgoing(
                    ReplicationRpcs.PREPARE,
                    new prepare_msg(
                            f, toWire(p.config()), toWire(p.mutation()), p.committedDecree(), p.previousBallot()));
        } else if (message instanceof ReplicaMessage.PrepareAck a) {
            return new Outgoing(
                    ReplicationRpcs.PREPARE_ACK,
                    new prepare_ack_msg(
                            f,
                            a.ballot(),
                            a.mutationBallot(),
                            a.decree(),
                            a.error().name()));
        } else if (message instanceof ReplicaMessage.GroupCheck g) {
            group_check_msg m = new group_check_msg();
            m.setFrom_node(f);
            m.setConfig(toWire(g.config()));
            m.setCommitted_decree(g.committedDecree());
            m.setAssigned_role(g.assignedRole().ordinal());
            m.setLearn_signature(g.learnSignature());
            return new Outgoing(ReplicationRpcs.GROUP_CHECK, m);
        } else if (message instanceof ReplicaMessage.GroupCheckReply r) {
            return new Outgoing(
                    ReplicationRpcs.GROUP_CHECK_REPLY,
                    new group_check_reply_msg(
                            f,
                            r.ballot(),
                            r.error().name(),
                            r.role().ordinal(),
                            r.learnSignature(),
                            r.committedDecree(),
                            r.preparedDecree()));
        } else if (message instanceof ReplicaMessage.LearnRequest r) {
            return new Outgoing(
                    ReplicationRpcs.LEARN_REQUEST,
                    new learn_request_msg(f, r.ballot(), r.learnSignature(), r.round(), r.committedDecree()));
        } else if (message instanceof ReplicaMessage.LearnCatchUp c) {
            return new Outgoing(
                    ReplicationRpcs.LEARN_CATCH_UP,
                    new learn_catch_up_msg(
                            f, c.ballot(), c.learnSignature(), c.round(), toWire(c.mutations()), c.committedDecree()));
        } else if (message instanceof ReplicaMessage.LearnCopy c) {
            return new Outgoing(
                    ReplicationRpcs.LEARN_COPY,
                    new learn_copy_msg(f, c.ballot(), c.learnSignature(), c.round(), toWire(c.state())));
        } else if (message instanceof ReplicaMessage.LearnRejected r) {
            return new Outgoing(
                    ReplicationRpcs.LEARN_REJECTED,
                    new learn_rejected_msg(
                            f,
                            r.ballot(),
                            r.learnSignature(),
                            r.round(),
                            r.error().name()));
        } else if (message instanceof ReplicaMessage.LearnCompleted c) {
            return new Outgoing(
                    ReplicationRpcs.LEARN_COMPLETED,
                    new learn_completed_msg(f, c.ballot(), c.learnSignature(), c.preparedDecree()));
        }
        throw new IllegalArgumentException("unknown replica message " + message);
    }

    /** A message on its way: the RPC name and its argument struct. */
    record Outgoing(String rpcName, TBase<?, ?> body) {}

    /** A message that arrived: who sent it and what it says. */
    record Incoming(NodeId from, ReplicaMessage message) {}

    static Incoming prepare(prepare_msg m) throws TException {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.Prepare(
                        fromWire(m.getConfig()),
                        fromWire(m.getMutation()),
                        m.getCommitted_decree(),
                        m.getPrevious_ballot()));
    }

    static Incoming prepareAck(prepare_ack_msg m) {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.PrepareAck(
                        m.getBallot(), m.getMutation_ballot(), m.getDecree(), error(m.getError())));
    }

    static Incoming groupCheck(group_check_msg m) throws TException {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.GroupCheck(
                        fromWire(m.getConfig()),
                        m.getCommitted_decree(),
                        role(m.getAssigned_role()),
                        m.getLearn_signature()));
    }

    static Incoming groupCheckReply(group_check_reply_msg m) throws TException {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.GroupCheckReply(
                        m.getBallot(),
                        error(m.getError()),
                        role(m.getRole()),
                        m.getLearn_signature(),
                        m.getCommitted_decree(),
                        m.getPrepared_decree()));
    }

    static Incoming learnRequest(learn_request_msg m) {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.LearnRequest(
                        m.getBallot(), m.getLearn_signature(), m.getRound(), m.getCommitted_decree()));
    }

    static Incoming learnCatchUp(learn_catch_up_msg m) throws TException {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.LearnCatchUp(
                        m.getBallot(),
                        m.getLearn_signature(),
                        m.getRound(),
                        fromWire(m.getMutations()),
                        m.getCommitted_decree()));
    }

    static Incoming learnCopy(learn_copy_msg m) throws TException {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.LearnCopy(
                        m.getBallot(), m.getLearn_signature(), m.getRound(), fromWire(m.getState())));
    }

    static Incoming learnRejected(learn_rejected_msg m) {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.LearnRejected(
                        m.getBallot(), m.getLearn_signature(), m.getRound(), error(m.getError())));
    }

    static Incoming learnCompleted(learn_completed_msg m) {
        return new Incoming(
                NodeId.of(m.getFrom_node()),
                new ReplicaMessage.LearnCompleted(m.getBallot(), m.getLearn_signature(), m.getPrepared_decree()));
    }

    private static ErrorCode error(String name) {
        return ErrorCode.fromName(name == null ? "ERR_OK" : name);
    }

    private static Role role(int ordinal) throws TException {
        Role[] roles = Role.values();
        if (ordinal < 0 || ordinal >= roles.length) {
            throw new TException("unknown role " + ordinal);
        }
        return roles[ordinal];
    }

    // bytes

    static byte[] encode(TBase<?, ?> struct) throws TException {
        return encode(struct, 256);
    }

    /** {@code sizeHint}: the expected encoded size, so that the buffer is not grown (copied) while writing. */
    static byte[] encode(TBase<?, ?> struct, int sizeHint) throws TException {
        return ThriftBytes.encode(struct, sizeHint);
    }

    static <T extends TBase<?, ?>> T decode(byte[] bytes, T struct) throws TException {
        return ThriftProtocols.read(bytes, (p, in) -> {
            struct.read(p);
            return struct;
        });
    }
}
