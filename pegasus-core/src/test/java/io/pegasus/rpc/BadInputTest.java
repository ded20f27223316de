package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.read_response;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.thrift.protocol.TMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed frames: each gets a log line naming the peer and the problem, the offending connection is closed (or
 * answered with the right error name), and the server keeps serving every other connection.
 */
class BadInputTest {
    private EchoServer server;
    private RpcClient client;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        log = new LogCapture();
        server = new EchoServer(RpcServerOptions.defaults("127.0.0.1", 0)
                .withIoThreads(1)
                .withMaxBodyLength(1 << 20)
                .withMaxPendingPerConnection(10));
        client = new RpcClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        log.close();
    }

    private static final RequestMeta META = RequestMeta.forPartition(1, 0, 1000, 0);

    static byte[] echoFrame(byte[] key, int seqId) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        RequestFrames.encode(buf, META, EchoServer.ECHO, TMessageType.CALL, seqId, Args.blob(key));
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** The bystander: a healthy client on its own connection that must keep working. */
    private void assertOthersStillServed() throws Exception {
        RpcResponse r = client.connection(server.address())
                .call(EchoServer.ECHO, META, Args.blob(Bytes.utf8("still here")), 2000)
                .get(5, TimeUnit.SECONDS);
        assertThat(r.readResult(new read_response()).getValue().data()).isEqualTo(Bytes.utf8("still here"));
    }

    private void assertClosedWithLog(byte[] bytes, String problem) throws Exception {
        assertOthersStillServed();
        try (RawConnection c = new RawConnection(server.address())) {
            int localPort = c.hashCode(); // not used; the peer is identified by its address in the log
            c.send(bytes);
            RawConnection.Result r = c.readUntilClosed(3000);
            assertThat(r.closed()).as("connection closed after %s", problem).isTrue();
            assertThat(r.bytes()).as("nothing answered").isEmpty();
        }
        String text = log.text();
        assertThat(text).contains("closing connection from /127.0.0.1:").contains(problem);
        assertOthersStillServed();
    }

    @Test
    void wrongMagic() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("k"), 0);
        f[0] = 'X';
        assertClosedWithLog(f, "bad magic 0x58484654");
    }

    @Test
    void unsupportedHeaderVersion() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("k"), 0);
        f[7] = 2;
        assertClosedWithLog(f, "unsupported header version 2");
    }

    @Test
    void wrongVersionZeroHeaderLength() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.putInt(RequestFrames.MAGIC).putInt(0).putInt(40);
        assertClosedWithLog(b.array(), "version-0 header length 40 (must be 48)");
    }

    @Test
    void metaLengthOverLimit() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("k"), 0);
        ByteBuffer.wrap(f).putInt(8, 100_000);
        assertClosedWithLog(f, "meta_length 100000 exceeds");
    }

    @Test
    void bodyLengthOverMaximumIsRejectedBeforeTheBodyArrives() throws Exception {
        byte[] header = new byte[16];
        ByteBuffer.wrap(header).putInt(RequestFrames.MAGIC).putInt(1).putInt(37).putInt(50 << 20);
        assertClosedWithLog(header, "body_length 52428800 exceeds the maximum 1048576");
    }

    @Test
    void badVersionZeroChecksum() throws Exception {
        byte[] body = java.util.Arrays.copyOfRange(echoFrame(Bytes.utf8("k"), 0), 16 + 37, 16 + 37 + 40);
        byte[] body2 = echoFrame(Bytes.utf8("k"), 0);
        body = java.util.Arrays.copyOfRange(body2, 16 + 37, body2.length);
        ByteBuffer b = ByteBuffer.allocate(48 + body.length);
        b.putInt(RequestFrames.MAGIC)
                .putInt(0)
                .putInt(48)
                .putInt(0x12345678)
                .putInt(body.length)
                .putInt(0);
        b.putInt(1).putInt(0).putInt(1000).putInt(7919).putLong(0);
        b.put(body);
        assertClosedWithLog(b.array(), "version-0 header checksum mismatch");
    }

    @Test
    void versionZeroFrameWithValidOrZeroChecksumsIsServed() throws Exception {
        byte[] v1 = echoFrame(Bytes.utf8("v0 ok"), 7);
        byte[] body = java.util.Arrays.copyOfRange(v1, 16 + 37, v1.length);
        ByteBuffer b = ByteBuffer.allocate(48 + body.length);
        CRC32C bodyCrc = new CRC32C();
        bodyCrc.update(body);
        b.putInt(RequestFrames.MAGIC)
                .putInt(0)
                .putInt(48)
                .putInt(0)
                .putInt(body.length)
                .putInt((int) bodyCrc.getValue());
        b.putInt(1).putInt(0).putInt(1000).putInt(7919).putLong(0);
        b.put(body);
        byte[] frame = b.array();
        CRC32C hdr = new CRC32C();
        hdr.update(frame, 0, 48);
        ByteBuffer.wrap(frame).putInt(12, (int) hdr.getValue());
        try (RawConnection c = new RawConnection(server.address())) {
            c.send(frame);
            byte[] reply = c.readFrame(3000);
            ResponseFrames.Decoded d = ResponseFrames.decode(Unpooled.wrappedBuffer(reply), 1 << 20);
            assertThat(d.error()).isEqualTo(ErrorCode.ERR_OK);
            assertThat(d.seqId()).isEqualTo(7);
            assertThat(ResponseFrames.readResult(d.body(), d.bodyOffset(), new read_response())
                            .getValue()
                            .data())
                    .isEqualTo(Bytes.utf8("v0 ok"));
        }
    }

    @Test
    void bodyThatIsNotAThriftMessage() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("k"), 0);
        // overwrite the message header (right after the 37-byte meta) with a negative non-strict name length
        ByteBuffer.wrap(f).putInt(16 + 37, 0x7fffff00);
        assertClosedWithLog(f, "body does not start with a Thrift message header");
    }

    @Test
    void truncatedFrameThenCloseLeavesTheServerHealthy() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("truncated"), 0);
        try (RawConnection c = new RawConnection(server.address())) {
            c.send(java.util.Arrays.copyOf(f, f.length - 3));
            RawConnection.Result r = c.readUntilClosed(300);
            assertThat(r.closed()).isFalse(); // the server waits for the rest
            assertThat(r.bytes()).isEmpty();
        }
        assertOthersStillServed();
    }

    @Test
    void garbageArgsAreAnsweredInvalidDataWithoutClosing() throws Exception {
        byte[] f = echoFrame(Bytes.utf8("k"), 5);
        // the blob length inside the args says 1 GB: decoding fails, the frame boundary is intact
        ByteBuffer.wrap(f).putInt(f.length - 6, 1 << 30);
        try (RawConnection c = new RawConnection(server.address())) {
            c.send(f);
            ResponseFrames.Decoded d = ResponseFrames.decode(Unpooled.wrappedBuffer(c.readFrame(3000)), 1 << 20);
            assertThat(d.error()).isEqualTo(ErrorCode.ERR_INVALID_DATA);
            assertThat(d.seqId()).isEqualTo(5);
            c.send(echoFrame(Bytes.utf8("next"), 6));
            ResponseFrames.Decoded d2 = ResponseFrames.decode(Unpooled.wrappedBuffer(c.readFrame(3000)), 1 << 20);
            assertThat(d2.error()).isEqualTo(ErrorCode.ERR_OK);
        }
        assertThat(log.text()).contains("malformed arguments").contains("answering ERR_INVALID_DATA");
    }

    @Test
    void floodingClientGetsBusyOncePendingCallsReachTheLimit() throws Exception {
        var c = client.connection(server.address());
        java.util.List<CompletableFuture<RpcResponse>> never = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            never.add(c.call(EchoServer.NEVER, META, Args.blob(new byte[0]), 30_000));
        }
        for (int i = 0; i < 5; i++) {
            RpcResponse r =
                    c.call(EchoServer.NEVER, META, Args.blob(new byte[0]), 5000).get(5, TimeUnit.SECONDS);
            assertThat(r.error()).isEqualTo(ErrorCode.ERR_BUSY);
        }
        assertThat(log.text()).contains("rejecting TEST_NEVER").contains("10 calls already pending");
        assertThat(never).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void clientThatNeverReadsIsNotBufferedWithoutBound() throws Exception {
        // each request echoes 64 KiB back; the client never reads, so replies pile up in the server
        byte[] frame = echoFrame(new byte[64 << 10], 0);
        long attempt = 128L << 20;
        AtomicLong written = new AtomicLong();
        try (RawConnection c = new RawConnection(server.address())) {
            Thread writer = new Thread(() -> {
                try {
                    while (written.get() < attempt) {
                        c.send(frame);
                        written.addAndGet(frame.length);
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                long now = written.get();
                if (now == last) {
                    break; // the writer is blocked: the server stopped reading
                }
                last = now;
            }
            assertThat(written.get())
                    .as("bytes the server accepted from a client that never reads")
                    .isLessThan(48L << 20);
            assertOthersStillServed();
        }
    }
}
