package io.pegasus.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TMessageType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's own CPU work per get and set, without the network: validation, key encoding, hashing, routing,
 * request building and frame encoding into a pooled buffer (what a call costs before the bytes reach the socket),
 * and parsing a get answer. 64 partitions; set carries a 1 KB value.
 *
 * <p>Run: {@code bin/bench-jmh pegasus-core ClientPathBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientPathBenchmark {
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final Validation check = new Validation("bench", true);
    private TableRouting routing;
    private byte[][] hashKeys;
    private byte[] sortKey;
    private byte[] value;
    private RpcResponse getAnswer;
    private int next;

    @Setup
    public void setup() throws Exception {
        InetSocketAddress[] primaries = new InetSocketAddress[64];
        for (int i = 0; i < primaries.length; i++) {
            primaries[i] = new InetSocketAddress("127.0.0.1", 34801 + i % 3);
        }
        routing = TableRouting.from("bench", RoutingFixtures.config(1, 3, 3, 2, primaries), a -> null);
        hashKeys = new byte[1024][];
        for (int i = 0; i < hashKeys.length; i++) {
            hashKeys[i] = Bytes.utf8("user_" + (1_000_000 + i * 7919));
        }
        sortKey = Bytes.utf8("profile");
        value = new byte[1024];
        getAnswer = Wire.ok(RpcNames.GET, new read_response(0, new blob(value), 1, 5, "127.0.0.1:34801"));
    }

    private byte[] nextHashKey() {
        next = (next + 1) & (hashKeys.length - 1);
        return hashKeys[next];
    }

    /** Returns the encoded size so the work cannot be optimised away. */
    private int encode(ReplicaRequest<?> req) throws Exception {
        int partition = req.partitionIndex(routing);
        RequestMeta meta = RequestMeta.forPartition(routing.appId(), partition, 1000, req.partitionHash());
        ByteBuf out = alloc.ioBuffer(256);
        try {
            RequestFrames.encode(out, meta, req.rpcName(), TMessageType.CALL, next, req.args());
            return out.readableBytes() + partition;
        } finally {
            out.release();
        }
    }

    @Benchmark
    public int getRequest() throws Exception {
        byte[] hk = nextHashKey();
        check.hashKeyLength(hk);
        ReplicaRequest<byte[]> req = ReplicaRequest.byHash(
                OperationType.GET,
                RpcNames.GET,
                Args.blob(StoredKey.encode(hk, sortKey)),
                PartitionHash.of(hk, sortKey),
                true,
                Responses.GET);
        return encode(req);
    }

    @Benchmark
    public int setRequest() throws Exception {
        byte[] hk = nextHashKey();
        check.hashKeyLength(hk);
        check.notNull(value, "value");
        check.ttl(0);
        check.writeRecord(hk, sortKey, value);
        ReplicaRequest<Void> req = ReplicaRequest.byHash(
                OperationType.SET,
                RpcNames.PUT,
                Args.struct(Requests.put(hk, sortKey, value, Requests.expireTs(1_700_000_000_000L, 0))),
                PartitionHash.of(hk, sortKey),
                true,
                Responses.update("set"));
        return encode(req);
    }

    @Benchmark
    public byte[] getAnswerParse() throws Exception {
        return Responses.GET.parse(getAnswer);
    }
}
