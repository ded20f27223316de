package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.client.RpcClient;
import io.pegasus.rpc.client.RpcResponse;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ThriftWriter;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.mutate;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.update_request;
import io.pegasus.thrift.update_response;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.protocol.TMessageType;
import org.junit.jupiter.api.Test;

/**
 * Feeds 100,000 mutated frames to a live server whose handlers decode real request structs, then checks that a
 * well-formed request still succeeds. Mutations: flipped and random bytes, truncation, insertion, length fields set
 * to edge values, frames spliced together, and pure garbage. The seed is printed so a failure can be replayed.
 */
class FrameFuzzTest {
    private static final int FRAMES = 100_000;

    @Test
    void serverSurvivesOneHundredThousandMutatedFrames() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FrameFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        AtomicLong handled = new AtomicLong();
        RpcServer server = new RpcServer(
                RpcServerOptions.defaults("127.0.0.1", 0).withIoThreads(1).withMaxBodyLength(1 << 20));
        for (String name : List.of(RpcNames.GET, RpcNames.TTL, RpcNames.REMOVE, RpcNames.SORTKEY_COUNT)) {
            server.register(name, call -> {
                call.readBlobArg();
                handled.incrementAndGet();
                call.reply(new read_response(0, new blob(), 1, 0, ""));
            });
        }
        server.register(RpcNames.PUT, call -> {
            call.readArgs(new update_request());
            handled.incrementAndGet();
            call.reply(new update_response(0, 1, 0, 1, ""));
        });
        server.register(RpcNames.MULTI_PUT, call -> {
            call.readArgs(new multi_put_request());
            handled.incrementAndGet();
            call.reply(new update_response(0, 1, 0, 1, ""));
        });
        server.register(RpcNames.MULTI_GET, call -> {
            call.readArgs(new multi_get_request());
            handled.incrementAndGet();
            call.reply(new read_response(0, new blob(), 1, 0, ""));
        });
        server.register(RpcNames.CHECK_AND_MUTATE, call -> {
            call.readArgs(new check_and_mutate_request());
            handled.incrementAndGet();
            call.reply(new update_response(0, 1, 0, 1, ""));
        });
        server.register(RpcNames.GET_SCANNER, call -> {
            call.readArgs(new get_scanner_request());
            handled.incrementAndGet();
            call.reply(new read_response(0, new blob(), 1, 0, ""));
        });
        server.register(RpcNames.QUERY_CONFIG, call -> {
            call.readArgs(new query_cfg_request());
            handled.incrementAndGet();
            call.reply(new read_response(0, new blob(), 1, 0, ""));
        });
        server.register(RpcNames.CLEAR_SCANNER, call -> {
            call.readI64Arg();
            call.noReply();
        });
        server.start();
        List<byte[]> seeds = seedFrames();
        long sent = 0;
        long reconnects = 0;
        try {
            Socket socket = null;
            int inSyncStreak = 0;
            for (int i = 0; i < FRAMES; i++) {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", server.localAddress().getPort());
                    socket.setTcpNoDelay(true);
                    socket.setSoLinger(true, 0); // close with a reset: no TIME_WAIT pile-up over 100k frames
                    reconnects++;
                    inSyncStreak = 0;
                }
                byte[] frame = mutate(random, seeds);
                Fate fate = fate(frame);
                try {
                    socket.getOutputStream().write(frame);
                    sent++;
                } catch (IOException e) {
                    socket.close();
                    socket = null;
                    continue;
                }
                if (fate == Fate.IN_SYNC) {
                    if (++inSyncStreak % 100 == 0) {
                        drainAvailable(socket.getInputStream()); // keep the server from pausing on our replies
                    }
                    continue;
                }
                if (fate == Fate.CLOSED_BY_SERVER) {
                    awaitClose(socket); // the server reads the frame, logs and closes: it was really processed
                }
                // out of sync: the server waits for bytes that belong to no frame, so start afresh
                socket.close();
                socket = null;
            }
            if (socket != null) {
                socket.close();
            }
            try (RpcClient client = new RpcClient()) {
                RpcResponse r = client.connection(server.localAddress())
                        .call(
                                RpcNames.GET,
                                RequestMeta.forPartition(1, 0, 1000, 0),
                                Args.blob(StoredKey.encode(Bytes.utf8("h"), null)),
                                5000)
                        .get(10, TimeUnit.SECONDS);
                assertThat(r.error()).isEqualTo(ErrorCode.ERR_OK);
                assertThat(r.readResult(new read_response()).getError()).isZero();
            }
        } finally {
            server.close();
        }
        System.out.printf(
                "fuzz: %d frames written, %d connections, %d decoded and handled%n", sent, reconnects, handled.get());
        assertThat(sent).isGreaterThanOrEqualTo(FRAMES * 9L / 10);
        assertThat(handled.get())
                .as("some mutated frames still decode and reach handlers")
                .isPositive();
    }

    enum Fate {
        IN_SYNC,
        CLOSED_BY_SERVER,
        OUT_OF_SYNC
    }

    /**
     * What the server will do with these bytes, judged by the same frame decoder: parse them exactly (stay on this
     * connection), reject them (it closes the connection), or wait for more / mis-frame the rest (we reconnect).
     * This only steers the fuzzer so that most frames reach a parser in a known state; it asserts nothing.
     */
    static Fate fate(byte[] frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            var decoded = RequestFrames.decode(buf, 1 << 20);
            return decoded != null && !buf.isReadable() ? Fate.IN_SYNC : Fate.OUT_OF_SYNC;
        } catch (io.pegasus.rpc.codec.FrameException e) {
            return Fate.CLOSED_BY_SERVER;
        }
    }

    private static void drainAvailable(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.available() > 0) {
            if (in.read(buf, 0, Math.min(buf.length, in.available())) < 0) {
                return;
            }
        }
    }

    private static void awaitClose(Socket socket) {
        byte[] buf = new byte[8192];
        try {
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            while (in.read(buf) >= 0) {
                // discard replies to earlier frames
            }
        } catch (IOException e) {
            // reset or timeout: either way we move on to a new connection
        }
    }

    private static byte[] frame(String name, ThriftWriter args) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        RequestFrames.encode(buf, RequestMeta.forPartition(1, 0, 1000, 7), name, TMessageType.CALL, 1, args);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    private static List<byte[]> seedFrames() throws Exception {
        byte[] key = StoredKey.encode(Bytes.utf8("hashkey"), Bytes.utf8("sortkey"));
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(frame(RpcNames.GET, Args.blob(key)));
        seeds.add(frame(
                RpcNames.PUT, Args.struct(new update_request(new blob(key), new blob(Bytes.utf8("value")), 100))));
        seeds.add(frame(
                RpcNames.MULTI_PUT,
                Args.struct(new multi_put_request(
                        new blob(Bytes.utf8("h")),
                        List.of(
                                new key_value(new blob(Bytes.utf8("s1")), new blob(Bytes.utf8("v1"))),
                                new key_value(new blob(Bytes.utf8("s2")), new blob(Bytes.utf8("v2")))),
                        0))));
        multi_get_request mg = new multi_get_request();
        mg.setHash_key(new blob(Bytes.utf8("h")));
        mg.setSort_keys(List.of(new blob(Bytes.utf8("a")), new blob(Bytes.utf8("b"))));
        mg.setMax_kv_count(100);
        seeds.add(frame(RpcNames.MULTI_GET, Args.struct(mg)));
        check_and_mutate_request cam = new check_and_mutate_request();
        cam.setHash_key(new blob(Bytes.utf8("h")));
        cam.setMutate_list(List.of(new mutate(0, new blob(Bytes.utf8("s")), new blob(Bytes.utf8("v")), 0)));
        seeds.add(frame(RpcNames.CHECK_AND_MUTATE, Args.struct(cam)));
        get_scanner_request gs = new get_scanner_request();
        gs.setStart_key(new blob(new byte[] {0, 0}));
        gs.setStop_key(new blob(new byte[] {(byte) 0xff, (byte) 0xff}));
        gs.setBatch_size(100);
        seeds.add(frame(RpcNames.GET_SCANNER, Args.struct(gs)));
        seeds.add(frame(RpcNames.QUERY_CONFIG, Args.struct(new query_cfg_request("temp", new ArrayList<>()))));
        seeds.add(frame(RpcNames.CLEAR_SCANNER, Args.i64(42)));
        seeds.add(frame("RPC_UNKNOWN_NAME", Args.blob(key)));
        return seeds;
    }

    private static final int[] EDGE_INTS = {0, 1, -1, 0x7fffffff, 0x80000000, 37, 0x10000, 255};

    static byte[] mutate(Random r, List<byte[]> seeds) {
        byte[] f = seeds.get(r.nextInt(seeds.size())).clone();
        int kind = r.nextInt(10);
        switch (kind) {
            case 0, 1, 2 -> { // flip a few bits, mostly past the fixed header so the frame still parses
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    int pos = r.nextInt(4) == 0 ? r.nextInt(f.length) : 16 + r.nextInt(f.length - 16);
                    f[pos] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 3 -> { // random bytes in the body, keeping the lengths
                int pos = 16 + r.nextInt(f.length - 16);
                int len = Math.min(f.length - pos, 1 + r.nextInt(8));
                for (int i = 0; i < len; i++) {
                    f[pos + i] = (byte) r.nextInt(256);
                }
            }
            case 4 -> { // an edge value in an i32 slot anywhere (lengths, counts, field headers)
                int pos = r.nextInt(f.length - 3);
                int v = EDGE_INTS[r.nextInt(EDGE_INTS.length)];
                f[pos] = (byte) (v >>> 24);
                f[pos + 1] = (byte) (v >>> 16);
                f[pos + 2] = (byte) (v >>> 8);
                f[pos + 3] = (byte) v;
            }
            case 5 -> { // truncated
                f = java.util.Arrays.copyOf(f, r.nextInt(f.length));
            }
            case 6 -> { // a byte inserted or removed in the body, lengths unchanged
                int pos = 16 + r.nextInt(f.length - 16);
                byte[] g = new byte[f.length + (r.nextBoolean() ? 1 : -1)];
                if (g.length > f.length) {
                    System.arraycopy(f, 0, g, 0, pos);
                    g[pos] = (byte) r.nextInt(256);
                    System.arraycopy(f, pos, g, pos + 1, f.length - pos);
                } else {
                    System.arraycopy(f, 0, g, 0, pos);
                    System.arraycopy(f, pos + 1, g, pos, f.length - pos - 1);
                }
                f = g;
            }
            case 7 -> { // two frames spliced at random points
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                int a = r.nextInt(f.length);
                int b = r.nextInt(other.length);
                byte[] g = new byte[a + other.length - b];
                System.arraycopy(f, 0, g, 0, a);
                System.arraycopy(other, b, g, a, other.length - b);
                f = g;
            }
            case 8 -> { // pure garbage
                f = new byte[1 + r.nextInt(64)];
                r.nextBytes(f);
            }
            default -> {} // unmodified: keeps the connection doing real work between mutations
        }
        return f;
    }
}
