package io.pegasus.server.replica;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.server.RpcCall;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.server.replication.Role;
import io.pegasus.server.storage.PartitionStore;
import io.pegasus.server.storage.WriteRequest;
import io.pegasus.thrift.batch_get_request;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.scan_request;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client data RPCs of spec section 4 on a ReplicaServer: find the replica the request is addressed to, check that
 * it may serve it, and hand it to storage (reads) or to the replication write path (writes).
 *
 * <p>Rejections follow spec 4.16 and never close the connection: not hosted -> ERR_OBJECT_NOT_FOUND; hosted but not an
 * active primary with a valid lease -> ERR_INVALID_STATE (the client refreshes its routing); a write whose body
 * exceeds the write-size limit -> ERR_INVALID_DATA (checked first); a write to a primary whose node's disk is below its
 * reserve -> ERR_DISK_INSUFFICIENT ({@link DiskSpace}); {@code app_id <= 0} -> ERR_HANDLER_NOT_FOUND.
 *
 * <p>Point reads (get, ttl) run on the network thread: a RocksDB point lookup costs less than a hand-off. Range reads
 * (multi_get, batch_get, sortkey_count, scans) run on the read pool so a long one never stalls a connection.
 */
final class DataHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(DataHandlers.class);

    private final ReplicaStub stub;
    private final Executor readPool;
    private final int maxWriteBodyBytes;
    private final DiskSpace disk;
    private final String serverName;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final AtomicLong refusalsLogged = new AtomicLong();

    DataHandlers(ReplicaStub stub, Executor readPool, int maxWriteBodyBytes, String serverName) {
        this.stub = stub;
        this.readPool = readPool;
        this.maxWriteBodyBytes = maxWriteBodyBytes;
        this.disk = stub.disk();
        this.serverName = serverName;
    }

    void registerOn(RpcServer server) {
        server.register(RpcNames.GET, call -> {
            byte[] key = call.readBlobArg();
            pointRead(call, s -> s.get(key));
        });
        server.register(RpcNames.TTL, call -> {
            byte[] key = call.readBlobArg();
            pointRead(call, s -> s.ttl(key));
        });
        server.register(RpcNames.SORTKEY_COUNT, call -> {
            byte[] hashKey = call.readBlobArg();
            rangeRead(call, s -> s.sortkeyCount(hashKey));
        });
        server.register(RpcNames.MULTI_GET, call -> {
            multi_get_request r = call.readArgs(new multi_get_request());
            rangeRead(call, s -> s.multiGet(r));
        });
        server.register(RpcNames.BATCH_GET, call -> {
            batch_get_request r = call.readArgs(new batch_get_request());
            rangeRead(call, s -> s.batchGet(r));
        });
        server.register(RpcNames.GET_SCANNER, call -> {
            get_scanner_request r = call.readArgs(new get_scanner_request());
            rangeRead(call, s -> s.getScanner(r));
        });
        server.register(RpcNames.SCAN, call -> {
            scan_request r = call.readArgs(new scan_request());
            rangeRead(call, s -> s.scan(r));
        });
        server.register(RpcNames.CLEAR_SCANNER, call -> {
            long context = call.readI64Arg();
            call.noReply();
            ReplicaDriver r = call.meta().appId() > 0 ? stub.get(pidOf(call)) : null;
            if (r != null) {
                try {
                    r.store().clearScanner(context);
                } catch (RuntimeException e) {
                    // the store was closed or swapped: its scanners are gone anyway
                }
            }
        });
        server.register(RpcNames.PUT, call -> write(call, WriteRequest.Kind.PUT));
        server.register(RpcNames.MULTI_PUT, call -> write(call, WriteRequest.Kind.MULTI_PUT));
        server.register(RpcNames.REMOVE, call -> write(call, WriteRequest.Kind.REMOVE));
        server.register(RpcNames.MULTI_REMOVE, call -> write(call, WriteRequest.Kind.MULTI_REMOVE));
        server.register(RpcNames.INCR, call -> write(call, WriteRequest.Kind.INCR));
        server.register(RpcNames.CHECK_AND_SET, call -> write(call, WriteRequest.Kind.CHECK_AND_SET));
        server.register(RpcNames.CHECK_AND_MUTATE, call -> write(call, WriteRequest.Kind.CHECK_AND_MUTATE));
    }

    private static gpid pidOf(RpcCall call) {
        return new gpid(call.meta().appId(), call.meta().partitionIndex());
    }

    /** The replica that may serve this read, or null after answering the rejection. */
    private ReplicaDriver readable(RpcCall call) {
        if (call.meta().appId() <= 0) {
            call.fail(ErrorCode.ERR_HANDLER_NOT_FOUND);
            return null;
        }
        ReplicaDriver r = stub.get(pidOf(call));
        if (r == null) {
            call.fail(ErrorCode.ERR_OBJECT_NOT_FOUND);
            return null;
        }
        boolean ok = call.meta().backupRequest() ? r.servesBackupReads() : r.servesReads();
        if (!ok) {
            call.fail(ErrorCode.ERR_INVALID_STATE);
            return null;
        }
        return r;
    }

    private void pointRead(RpcCall call, Function<PartitionStore, TBase<?, ?>> read) {
        ReplicaDriver r = readable(call);
        if (r != null) {
            serve(call, r, read);
        }
    }

    private void rangeRead(RpcCall call, Function<PartitionStore, TBase<?, ?>> read) {
        ReplicaDriver r = readable(call);
        if (r != null) {
            readPool.execute(() -> serve(call, r, read));
        }
    }

    private void serve(RpcCall call, ReplicaDriver r, Function<PartitionStore, TBase<?, ?>> read) {
        TBase<?, ?> response;
        try {
            response = read.apply(r.store());
        } catch (IllegalStateException e) {
            call.fail(ErrorCode.ERR_INVALID_STATE); // closed or being replaced by a learner install
            return;
        } catch (RuntimeException e) {
            LOG.warn("{} on replica {} failed: {}", call.name(), r.pid(), e.toString());
            call.fail(ErrorCode.ERR_UNKNOWN);
            return;
        }
        Responses.setServer(response, serverName);
        call.reply(response);
    }

    private void write(RpcCall call, WriteRequest.Kind kind) throws TException {
        RequestFrame frame = call.frame();
        if (frame.bodyLength() > maxWriteBodyBytes) {
            LOG.warn(
                    "{} from {} rejected: body of {} bytes exceeds the write limit of {}",
                    call.name(),
                    call.connection(),
                    frame.bodyLength(),
                    maxWriteBodyBytes);
            call.fail(ErrorCode.ERR_INVALID_DATA);
            return;
        }
        if (call.meta().appId() <= 0) {
            call.fail(ErrorCode.ERR_HANDLER_NOT_FOUND);
            return;
        }
        ReplicaDriver r = stub.get(pidOf(call));
        if (r == null) {
            call.fail(ErrorCode.ERR_OBJECT_NOT_FOUND);
            return;
        }
        if (r.status().role() != Role.PRIMARY) {
            call.fail(ErrorCode.ERR_INVALID_STATE);
            return;
        }
        if (disk.low()) {
            if (refusalsLogged.getAndIncrement() % 1000 == 0) {
                LOG.warn("{} to {} refused: {}", call.name(), pidOf(call), disk.describe());
            }
            call.fail(ErrorCode.ERR_DISK_INSUFFICIENT);
            return;
        }
        byte[] args = Arrays.copyOfRange(frame.body(), frame.argsOffset(), frame.body().length);
        WireWrite w = WireWrite.received(kind, args);
        r.write(nextRequestId.getAndIncrement(), w, new ReplicaDriver.ClientWrite() {
            @Override
            public void reply(TBase<?, ?> response) {
                call.reply(response);
            }

            @Override
            public void fail(ErrorCode error) {
                call.fail(error);
            }
        });
    }
}
