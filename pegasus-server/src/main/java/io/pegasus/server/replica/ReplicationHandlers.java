package io.pegasus.server.replica;

import io.pegasus.base.StatusCode;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.server.replication.ReplicaEvent;
import io.pegasus.server.replication.Role;
import io.pegasus.server.storage.CheckpointInfo;
import io.pegasus.server.wire.fetch_file_request;
import io.pegasus.server.wire.fetch_file_response;
import io.pegasus.server.wire.group_check_msg;
import io.pegasus.server.wire.group_check_reply_msg;
import io.pegasus.server.wire.learn_catch_up_msg;
import io.pegasus.server.wire.learn_completed_msg;
import io.pegasus.server.wire.learn_copy_msg;
import io.pegasus.server.wire.learn_rejected_msg;
import io.pegasus.server.wire.learn_request_msg;
import io.pegasus.server.wire.prepare_ack_msg;
import io.pegasus.server.wire.prepare_msg;
import io.pegasus.thrift.gpid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the messages between replicas (replication.thrift): decode, find the replica by the gpid in
 * the request meta, and feed it the message. One-way: nothing is answered, so a lost or unroutable message is simply
 * dropped, as the state machine expects. The learner's file copy (FETCH_FILE) is the one request/response RPC.
 */
final class ReplicationHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationHandlers.class);

    private final ReplicaStub stub;
    private final Path dataDir;

    ReplicationHandlers(ReplicaStub stub, Path dataDir) {
        this.stub = stub;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    @FunctionalInterface
    private interface Decoder {
        WireCodec.Incoming decode(RpcCall call) throws TException;
    }

    void registerOn(RpcServer server) {
        oneWay(server, ReplicationRpcs.PREPARE, c -> WireCodec.prepare(c.readArgs(new prepare_msg())));
        oneWay(server, ReplicationRpcs.PREPARE_ACK, c -> WireCodec.prepareAck(c.readArgs(new prepare_ack_msg())));
        oneWay(
                server,
                ReplicationRpcs.GROUP_CHECK_REPLY,
                c -> WireCodec.groupCheckReply(c.readArgs(new group_check_reply_msg())));
        oneWay(server, ReplicationRpcs.LEARN_REQUEST, c -> WireCodec.learnRequest(c.readArgs(new learn_request_msg())));
        oneWay(
                server,
                ReplicationRpcs.LEARN_CATCH_UP,
                c -> WireCodec.learnCatchUp(c.readArgs(new learn_catch_up_msg())));
        oneWay(server, ReplicationRpcs.LEARN_COPY, c -> WireCodec.learnCopy(c.readArgs(new learn_copy_msg())));
        oneWay(
                server,
                ReplicationRpcs.LEARN_REJECTED,
                c -> WireCodec.learnRejected(c.readArgs(new learn_rejected_msg())));
        oneWay(
                server,
                ReplicationRpcs.LEARN_COMPLETED,
                c -> WireCodec.learnCompleted(c.readArgs(new learn_completed_msg())));
        server.register(ReplicationRpcs.GROUP_CHECK, this::groupCheck);
        server.register(ReplicationRpcs.FETCH_FILE, this::fetchFile);
    }

    private void oneWay(RpcServer server, String name, Decoder decoder) {
        server.register(name, call -> {
            call.noReply();
            WireCodec.Incoming in = decoder.decode(call);
            ReplicaDriver r = stub.get(new gpid(call.meta().appId(), call.meta().partitionIndex()));
            if (r != null) {
                r.submit(new ReplicaEvent.MessageReceived(in.from(), in.message()));
            }
        });
    }

    /** A group check may invite this node to learn a partition it does not host yet: then the replica is created. */
    private void groupCheck(RpcCall call) throws TException {
        call.noReply();
        group_check_msg m = call.readArgs(new group_check_msg());
        WireCodec.Incoming in = WireCodec.groupCheck(m);
        gpid pid = new gpid(call.meta().appId(), call.meta().partitionIndex());
        ReplicaDriver r = stub.get(pid);
        ReplicaEvent event = new ReplicaEvent.MessageReceived(in.from(), in.message());
        if (r != null) {
            r.submit(event);
        } else if (m.getAssigned_role() == Role.POTENTIAL_SECONDARY.ordinal() && m.getPartition_count() > 0) {
            TableInfo table = new TableInfo(
                    m.getApp_name() == null ? "" : m.getApp_name(),
                    m.getPartition_count(),
                    m.getEnvs() == null ? new HashMap<>() : m.getEnvs());
            LOG.info("creating replica {} to learn from {}", pid, in.from());
            stub.openForLearning(pid, table, d -> d.submit(event));
        }
    }

    /**
     * Serves a chunk of a checkpoint file made for a learner. Only files directly inside a {@code learn/checkpoints}
     * folder of a replica under this node's data folder are served; anything else is NotFound.
     */
    private void fetchFile(RpcCall call) throws TException {
        fetch_file_request req = call.readArgs(new fetch_file_request());
        Path dir = Path.of(req.getDir()).toAbsolutePath().normalize();
        String name = req.getName();
        boolean allowed = dir.startsWith(dataDir)
                && dir.getParent() != null
                && dir.getParent().endsWith(Path.of("learn", "checkpoints"))
                && name != null
                && !name.isEmpty()
                && !name.contains("/")
                && !name.equals("..")
                && (name.equals(CheckpointInfo.META_FILE) || !name.startsWith("."));
        if (!allowed) {
            LOG.warn("refusing to serve {}/{} to {}", req.getDir(), name, call.connection());
            call.reply(new fetch_file_response(StatusCode.NOT_FOUND, ByteBuffer.allocate(0), 0));
            return;
        }
        int length = Math.max(0, Math.min(req.getLength(), LearnSupport.CHUNK_BYTES));
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, size - req.getOffset())));
            while (buf.hasRemaining()) {
                if (ch.read(buf, req.getOffset() + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            call.reply(new fetch_file_response(StatusCode.OK, buf, size));
        } catch (java.nio.file.NoSuchFileException e) {
            call.reply(new fetch_file_response(StatusCode.NOT_FOUND, ByteBuffer.allocate(0), 0));
        } catch (IOException e) {
            LOG.warn("cannot read {}/{} for {}: {}", dir, name, call.connection(), e.toString());
            call.reply(new fetch_file_response(StatusCode.IO_ERROR, ByteBuffer.allocate(0), 0));
        }
    }
}
