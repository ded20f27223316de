package io.pegasus.rpc.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.RequestMeta;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.ArgsReader;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_request;
import io.pegasus.thrift.update_response;
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
 * Encoding and decoding of GET and PUT frames (request and response), as the server and client do them: into and
 * out of pooled Netty buffers. PUT carries a 1 KB value.
 *
 * <p>Run: {@code bin/bench-jmh pegasus-core FrameCodecBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private byte[] key;
    private long hash;
    private RequestMeta meta;
    private update_request put;
    private read_response getResponse;
    private update_response putResponse;
    private ByteBuf getFrame;
    private ByteBuf putFrame;
    private ByteBuf getResponseFrame;
    private ByteBuf putResponseFrame;

    @Setup
    public void setup() throws Exception {
        key = StoredKey.encode(Bytes.utf8("user_000012345"), Bytes.utf8("profile"));
        hash = PartitionHash.ofStoredKey(key);
        meta = RequestMeta.forPartition(2, PartitionHash.partitionIndex(hash, 8), 1000, hash);
        put = new update_request(new blob(key), new blob(new byte[1024]), 0);
        getResponse = new read_response(0, new blob(new byte[1024]), 2, 3, "127.0.0.1:34801");
        putResponse = new update_response(0, 2, 3, 12345, "127.0.0.1:34801");
        getFrame = alloc.heapBuffer();
        RequestFrames.encode(getFrame, meta, RpcNames.GET, TMessageType.CALL, 1, Args.blob(key));
        putFrame = alloc.heapBuffer();
        RequestFrames.encode(putFrame, meta, RpcNames.PUT, TMessageType.CALL, 1, Args.struct(put));
        getResponseFrame = alloc.heapBuffer();
        ResponseFrames.encode(getResponseFrame, ErrorCode.ERR_OK, RpcNames.GET, 1, getResponse);
        putResponseFrame = alloc.heapBuffer();
        ResponseFrames.encode(putResponseFrame, ErrorCode.ERR_OK, RpcNames.PUT, 1, putResponse);
    }

    @Benchmark
    public int encodeGetRequest() throws Exception {
        ByteBuf out = alloc.ioBuffer(128);
        RequestFrames.encode(out, meta, RpcNames.GET, TMessageType.CALL, 1, Args.blob(key));
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public byte[] decodeGetRequest() throws Exception {
        RequestFrame f = RequestFrames.decode(getFrame.duplicate(), 1 << 20);
        return ArgsReader.blob(f);
    }

    @Benchmark
    public int encodePutRequest() throws Exception {
        ByteBuf out = alloc.ioBuffer(1200);
        RequestFrames.encode(out, meta, RpcNames.PUT, TMessageType.CALL, 1, Args.struct(put));
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public update_request decodePutRequest() throws Exception {
        RequestFrame f = RequestFrames.decode(putFrame.duplicate(), 1 << 20);
        return ArgsReader.struct(f, new update_request());
    }

    @Benchmark
    public int encodeGetResponse() throws Exception {
        ByteBuf out = alloc.ioBuffer(1200);
        ResponseFrames.encode(out, ErrorCode.ERR_OK, RpcNames.GET, 1, getResponse);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public read_response decodeGetResponse() throws Exception {
        ResponseFrames.Decoded d = ResponseFrames.decode(getResponseFrame.duplicate(), 1 << 20);
        return ResponseFrames.readResult(d.body(), d.bodyOffset(), new read_response());
    }

    @Benchmark
    public int encodePutResponse() throws Exception {
        ByteBuf out = alloc.ioBuffer(128);
        ResponseFrames.encode(out, ErrorCode.ERR_OK, RpcNames.PUT, 1, putResponse);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public update_response decodePutResponse() throws Exception {
        ResponseFrames.Decoded d = ResponseFrames.decode(putResponseFrame.duplicate(), 1 << 20);
        return ResponseFrames.readResult(d.body(), d.bodyOffset(), new update_response());
    }
}
