package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pegasus.base.ErrorCode;
import io.pegasus.data.Bytes;
import io.pegasus.data.PartitionHash;
import io.pegasus.data.StoredKey;
import io.pegasus.rpc.codec.Args;
import io.pegasus.rpc.codec.ArgsReader;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.codec.RequestFrames;
import io.pegasus.rpc.codec.ResponseFrames;
import io.pegasus.rpc.codec.ThriftWriter;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.get_scanner_request;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.host_port;
import io.pegasus.thrift.key_value;
import io.pegasus.thrift.multi_get_request;
import io.pegasus.thrift.negotiation_response;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.rpc_address;
import io.pegasus.thrift.scan_response;
import io.pegasus.thrift.update_request;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every test vector of spec section 8, in both directions: encoding gives exactly those bytes, and decoding those
 * bytes gives exactly those values.
 */
class WireVectorsTest {
    private static final byte[] KEY = StoredKey.encode(Bytes.utf8("hashkey"), Bytes.utf8("sortkey"));
    private static final long KEY_HASH = 0x1299d9b06672773aL;

    private static byte[] hex(String dump) {
        // drop the offset column of each dump line
        StringBuilder sb = new StringBuilder();
        for (String line : dump.strip().split("\n")) {
            String l = line.strip();
            sb.append(l.matches("^[0-9a-f]{4}\\s.*") ? l.substring(4) : l).append(' ');
        }
        return Bytes.fromHex(sb.toString());
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    private static byte[] thrift(ThriftWriter w) throws TException {
        TMemoryBuffer mem = new TMemoryBuffer(64);
        w.write(new TBinaryProtocol(mem));
        return java.util.Arrays.copyOf(mem.getArray(), mem.length());
    }

    private static <T extends TBase<?, ?>> T read(byte[] bytes, T into) throws TException {
        TMemoryBuffer mem = new TMemoryBuffer(bytes.length);
        mem.write(bytes);
        into.read(new TBinaryProtocol(mem));
        return into;
    }

    private static byte[] request(RequestMeta meta, String name, int seqId, ThriftWriter args) throws TException {
        ByteBuf buf = Unpooled.buffer();
        RequestFrames.encode(buf, meta, name, TMessageType.CALL, seqId, args);
        return bytes(buf);
    }

    private static RequestFrame decodeRequest(byte[] frame) throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        RequestFrame f = RequestFrames.decode(buf, 1 << 20);
        assertThat(buf.readableBytes()).as("frame fully consumed").isZero();
        return f;
    }

    private static byte[] response(ErrorCode err, String name, int seqId, TBase<?, ?> result) throws TException {
        ByteBuf buf = Unpooled.buffer();
        ResponseFrames.encode(buf, err, name, seqId, result);
        return bytes(buf);
    }

    private static ResponseFrames.Decoded decodeResponse(byte[] frame) throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        ResponseFrames.Decoded d = ResponseFrames.decode(buf, 1 << 20);
        assertThat(buf.readableBytes()).isZero();
        return d;
    }

    // 8.3 small encodings

    @Test
    void smallEncodings() throws Exception {
        assertThat(thrift(new gpid(2, 5)::write)).isEqualTo(Bytes.fromHex("0000000500000002"));
        assertThat(read(Bytes.fromHex("0000000500000002"), new gpid())).isEqualTo(new gpid(2, 5));

        rpc_address a1 = rpc_address.fromIpPort("127.0.0.1", 34801);
        assertThat(thrift(a1::write)).isEqualTo(Bytes.fromHex("7f00000187f10001"));
        assertThat(read(Bytes.fromHex("7f00000187f10001"), new rpc_address()).toString())
                .isEqualTo("127.0.0.1:34801");
        assertThat(thrift(rpc_address.parse("10.1.2.3:34601")::write)).isEqualTo(Bytes.fromHex("0a01020387290001"));

        byte[] hp = Bytes.fromHex("000000096c6f63616c686f737487f101");
        assertThat(thrift(new host_port("localhost", 34801)::write)).isEqualTo(hp);
        host_port hpRead = read(hp, new host_port());
        assertThat(hpRead.host()).isEqualTo("localhost");
        assertThat(hpRead.port()).isEqualTo(34801);
        assertThat(hpRead.hostType()).isEqualTo((byte) 1);

        assertThat(thrift(new error_code(ErrorCode.ERR_OK)::write)).isEqualTo(Bytes.fromHex("00000006 4552525f4f4b"));
        assertThat(read(Bytes.fromHex("000000064552525f4f4b"), new error_code()).code())
                .isEqualTo(ErrorCode.ERR_OK);
    }

    // 8.4 GET request

    private static final String GET_REQUEST = """
            0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 35
            0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
            0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
            0030  02 00 05 00 00 80 01 00 01 00 00 00 11 52 50 43
            0040  5f 52 52 44 42 5f 52 52 44 42 5f 47 45 54 00 00
            0050  00 00 0c 00 01 00 00 00 10 00 07 68 61 73 68 6b
            0060  65 79 73 6f 72 74 6b 65 79 00
            """;

    @Test
    void getRequest() throws Exception {
        long hash = PartitionHash.ofStoredKey(KEY);
        assertThat(hash).isEqualTo(KEY_HASH);
        RequestMeta meta = RequestMeta.forPartition(2, PartitionHash.partitionIndex(hash, 8), 1000, hash);
        byte[] frame = request(meta, RpcNames.GET, 0, Args.blob(KEY));
        assertThat(frame).hasSize(106).isEqualTo(hex(GET_REQUEST));

        RequestFrame f = decodeRequest(hex(GET_REQUEST));
        assertThat(f.headerVersion()).isEqualTo(1);
        assertThat(f.meta()).isEqualTo(new RequestMeta(2, 2, 1000, KEY_HASH, false));
        assertThat(f.name()).isEqualTo(RpcNames.GET);
        assertThat(f.seqId()).isZero();
        assertThat(f.bodyLength()).isEqualTo(0x35);
        assertThat(ArgsReader.blob(f)).isEqualTo(KEY);
    }

    // 8.5 GET success response

    private static final String GET_RESPONSE = """
            0000  00 00 00 6b 00 00 00 06 45 52 52 5f 4f 4b 80 01
            0010  00 02 00 00 00 15 52 50 43 5f 52 52 44 42 5f 52
            0020  52 44 42 5f 47 45 54 5f 41 43 4b 00 00 00 00 0c
            0030  00 00 08 00 01 00 00 00 00 0c 00 02 00 00 00 05
            0040  76 61 6c 75 65 08 00 03 00 00 00 02 08 00 04 00
            0050  00 00 02 0b 00 06 00 00 00 0f 31 32 37 2e 30 2e
            0060  30 2e 31 3a 33 34 38 30 31 00 00
            """;

    @Test
    void getSuccessResponse() throws Exception {
        read_response r = new read_response(0, new blob(Bytes.utf8("value")), 2, 2, "127.0.0.1:34801");
        assertThat(response(ErrorCode.ERR_OK, RpcNames.GET, 0, r)).hasSize(107).isEqualTo(hex(GET_RESPONSE));

        ResponseFrames.Decoded d = decodeResponse(hex(GET_RESPONSE));
        assertThat(d.error()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(d.name()).isEqualTo("RPC_RRDB_RRDB_GET_ACK");
        assertThat(d.seqId()).isZero();
        read_response back = ResponseFrames.readResult(d.body(), d.bodyOffset(), new read_response());
        assertThat(back).isEqualTo(r);
    }

    // 8.6 GET error response

    private static final String GET_ERROR = """
            0000  00 00 00 3d 00 00 00 14 45 52 52 5f 4f 42 4a 45
            0010  43 54 5f 4e 4f 54 5f 46 4f 55 4e 44 80 01 00 02
            0020  00 00 00 15 52 50 43 5f 52 52 44 42 5f 52 52 44
            0030  42 5f 47 45 54 5f 41 43 4b 00 00 00 00
            """;

    @Test
    void getErrorResponse() throws Exception {
        assertThat(response(ErrorCode.ERR_OBJECT_NOT_FOUND, RpcNames.GET, 0, null))
                .hasSize(61)
                .isEqualTo(hex(GET_ERROR));
        // a result passed with an error is not written
        assertThat(response(ErrorCode.ERR_OBJECT_NOT_FOUND, RpcNames.GET, 0, new read_response()))
                .isEqualTo(hex(GET_ERROR));
        ResponseFrames.Decoded d = decodeResponse(hex(GET_ERROR));
        assertThat(d.error()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
        assertThat(d.seqId()).isZero();
    }

    // 8.7 PUT request

    private static final String PUT_REQUEST = """
            0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 48
            0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
            0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
            0030  02 00 05 00 00 80 01 00 01 00 00 00 11 52 50 43
            0040  5f 52 52 44 42 5f 52 52 44 42 5f 50 55 54 00 00
            0050  00 01 0c 00 01 0c 00 01 00 00 00 10 00 07 68 61
            0060  73 68 6b 65 79 73 6f 72 74 6b 65 79 0c 00 02 00
            0070  00 00 01 76 08 00 03 0e ce 3d 90 00 00
            """;

    @Test
    void putRequest() throws Exception {
        update_request put = new update_request(new blob(KEY), new blob(Bytes.utf8("v")), 248397200);
        byte[] frame = request(RequestMeta.forPartition(2, 2, 1000, KEY_HASH), RpcNames.PUT, 1, Args.struct(put));
        assertThat(frame).hasSize(125).isEqualTo(hex(PUT_REQUEST));

        RequestFrame f = decodeRequest(hex(PUT_REQUEST));
        assertThat(f.seqId()).isEqualTo(1);
        update_request back = ArgsReader.struct(f, new update_request());
        assertThat(back).isEqualTo(put);
        assertThat(back.isSetType()).isFalse();
    }

    // 8.8 query-config request

    private static final String QUERY_CONFIG_REQUEST = """
            0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 4a
            0010  08 00 01 ff ff ff ff 08 00 02 ff ff ff fe 08 00
            0020  03 00 00 13 88 0a 00 04 00 00 00 00 00 00 00 00
            0030  02 00 05 00 00 80 01 00 01 00 00 00 26 52 50 43
            0040  5f 43 4d 5f 51 55 45 52 59 5f 50 41 52 54 49 54
            0050  49 4f 4e 5f 43 4f 4e 46 49 47 5f 42 59 5f 49 4e
            0060  44 45 58 00 00 00 03 0c 00 01 0b 00 01 00 00 00
            0070  04 74 65 6d 70 0f 00 02 08 00 00 00 00 00 00
            """;

    @Test
    void queryConfigRequest() throws Exception {
        query_cfg_request q = new query_cfg_request("temp", new ArrayList<>());
        byte[] frame = request(new RequestMeta(-1, -2, 5000, 0, false), RpcNames.QUERY_CONFIG, 3, Args.struct(q));
        assertThat(frame).hasSize(127).isEqualTo(hex(QUERY_CONFIG_REQUEST));

        RequestFrame f = decodeRequest(hex(QUERY_CONFIG_REQUEST));
        assertThat(f.meta()).isEqualTo(new RequestMeta(-1, -2, 5000, 0, false));
        assertThat(f.name()).isEqualTo(RpcNames.QUERY_CONFIG);
        assertThat(f.seqId()).isEqualTo(3);
        assertThat(ArgsReader.struct(f, new query_cfg_request())).isEqualTo(q);
    }

    // 8.9 query-config response

    private static final String QUERY_CONFIG_RESPONSE = """
            0000  00 00 00 cb 00 00 00 06 45 52 52 5f 4f 4b 80 01
            0010  00 02 00 00 00 2a 52 50 43 5f 43 4d 5f 51 55 45
            0020  52 59 5f 50 41 52 54 49 54 49 4f 4e 5f 43 4f 4e
            0030  46 49 47 5f 42 59 5f 49 4e 44 45 58 5f 41 43 4b
            0040  00 00 00 03 0c 00 00 0c 00 01 00 00 00 06 45 52
            0050  52 5f 4f 4b 08 00 02 00 00 00 02 08 00 03 00 00
            0060  00 01 02 00 04 01 0f 00 05 0c 00 00 00 01 0c 00
            0070  01 00 00 00 00 00 00 00 02 0a 00 02 00 00 00 00
            0080  00 00 00 03 08 00 03 00 00 00 03 0c 00 04 7f 00
            0090  00 01 87 f1 00 01 0f 00 05 0c 00 00 00 02 7f 00
            00a0  00 01 87 f2 00 01 7f 00 00 01 87 f3 00 01 0f 00
            00b0  06 0c 00 00 00 00 0a 00 07 00 00 00 00 00 00 00
            00c0  0a 08 00 08 00 00 00 00 00 00 00
            """;

    @Test
    void queryConfigResponse() throws Exception {
        partition_configuration pc = new partition_configuration(
                new gpid(2, 0),
                3,
                3,
                rpc_address.parse("127.0.0.1:34801"),
                List.of(rpc_address.parse("127.0.0.1:34802"), rpc_address.parse("127.0.0.1:34803")),
                List.of(),
                10,
                0);
        query_cfg_response r = new query_cfg_response(new error_code(ErrorCode.ERR_OK), 2, 1, true, List.of(pc));
        assertThat(response(ErrorCode.ERR_OK, RpcNames.QUERY_CONFIG, 3, r))
                .hasSize(203)
                .isEqualTo(hex(QUERY_CONFIG_RESPONSE));

        ResponseFrames.Decoded d = decodeResponse(hex(QUERY_CONFIG_RESPONSE));
        assertThat(d.seqId()).isEqualTo(3);
        query_cfg_response back = ResponseFrames.readResult(d.body(), d.bodyOffset(), new query_cfg_response());
        assertThat(back.getErr().code()).isEqualTo(ErrorCode.ERR_OK);
        assertThat(back.getPartitions().get(0).getPrimary().toString()).isEqualTo("127.0.0.1:34801");
        assertThat(back.getPartitions().get(0).isSetHp_primary()).isFalse();
        assertThat(back).isEqualTo(r);
    }

    // 8.10 SCAN response

    private static final String SCAN_RESPONSE = """
            0000  00 00 00 93 00 00 00 06 45 52 52 5f 4f 4b 80 01
            0010  00 02 00 00 00 16 52 50 43 5f 52 52 44 42 5f 52
            0020  52 44 42 5f 53 43 41 4e 5f 41 43 4b 00 00 00 05
            0030  0c 00 00 08 00 01 00 00 00 00 0f 00 02 0c 00 00
            0040  00 01 0c 00 01 00 00 00 10 00 07 68 61 73 68 6b
            0050  65 79 73 6f 72 74 6b 65 79 0c 00 02 00 00 00 01
            0060  76 00 0a 00 03 ff ff ff ff ff ff ff ff 08 00 04
            0070  00 00 00 02 08 00 05 00 00 00 02 0b 00 06 00 00
            0080  00 0f 31 32 37 2e 30 2e 30 2e 31 3a 33 34 38 30
            0090  31 00 00
            """;

    @Test
    void scanResponse() throws Exception {
        scan_response r = new scan_response(
                0, List.of(new key_value(new blob(KEY), new blob(Bytes.utf8("v")))), -1, 2, 2, "127.0.0.1:34801");
        assertThat(response(ErrorCode.ERR_OK, RpcNames.SCAN, 5, r)).hasSize(147).isEqualTo(hex(SCAN_RESPONSE));
        ResponseFrames.Decoded d = decodeResponse(hex(SCAN_RESPONSE));
        assertThat(ResponseFrames.readResult(d.body(), d.bodyOffset(), new scan_response()))
                .isEqualTo(r);
    }

    // 8.11 CLEAR_SCANNER request

    private static final String CLEAR_SCANNER_REQUEST = """
            0000  54 48 46 54 00 00 00 01 00 00 00 25 00 00 00 33
            0010  08 00 01 00 00 00 02 08 00 02 00 00 00 02 08 00
            0020  03 00 00 03 e8 0a 00 04 12 99 d9 b0 66 72 77 3a
            0030  02 00 05 00 00 80 01 00 01 00 00 00 1b 52 50 43
            0040  5f 52 52 44 42 5f 52 52 44 42 5f 43 4c 45 41 52
            0050  5f 53 43 41 4e 4e 45 52 00 00 00 09 0a 00 01 00
            0060  00 00 01 00 00 00 02 00
            """;

    @Test
    void clearScannerRequest() throws Exception {
        byte[] frame = request(
                RequestMeta.forPartition(2, 2, 1000, KEY_HASH),
                RpcNames.CLEAR_SCANNER,
                9,
                Args.i64(0x0000000100000002L));
        assertThat(frame).hasSize(104).isEqualTo(hex(CLEAR_SCANNER_REQUEST));
        RequestFrame f = decodeRequest(hex(CLEAR_SCANNER_REQUEST));
        assertThat(f.messageType()).isEqualTo(TMessageType.CALL);
        assertThat(ArgsReader.i64(f)).isEqualTo(0x0000000100000002L);
    }

    // 8.12 negotiation reply

    private static final String NEGOTIATION_RESPONSE = """
            0000  00 00 00 40 00 00 00 06 45 52 52 5f 4f 4b 80 01
            0010  00 02 00 00 00 13 52 50 43 5f 4e 45 47 4f 54 49
            0020  41 54 49 4f 4e 5f 41 43 4b 00 00 00 00 0c 00 00
            0030  08 00 01 00 00 00 09 0c 00 02 00 00 00 00 00 00
            """;

    @Test
    void negotiationReply() throws Exception {
        negotiation_response r = new negotiation_response(9, new blob());
        assertThat(response(ErrorCode.ERR_OK, RpcNames.NEGOTIATION, 0, r))
                .hasSize(64)
                .isEqualTo(hex(NEGOTIATION_RESPONSE));
        ResponseFrames.Decoded d = decodeResponse(hex(NEGOTIATION_RESPONSE));
        assertThat(ResponseFrames.readResult(d.body(), d.bodyOffset(), new negotiation_response()))
                .isEqualTo(r);
    }

    // 8.13 argument structs as the client fills them

    @Test
    void fullScanRequestStruct() throws Exception {
        byte[] expected = Bytes.fromHex(
                "0c 00 01 00 00 00 02 00 00 0c 00 02 00 00 00 02 ff ff 02 00 03 01 02 00 04 00 08 00 05 00 00 00 64"
                        + "02 00 06 00 08 00 07 00 00 00 00 08 00 09 00 00 00 00 00");
        get_scanner_request r = new get_scanner_request();
        r.setStart_key(new blob(new byte[] {0, 0}));
        r.setStop_key(new blob(new byte[] {(byte) 0xff, (byte) 0xff}));
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        r.setBatch_size(100);
        r.setNo_value(false);
        r.setHash_key_filter_type(0);
        r.setSort_key_filter_type(0);
        assertThat(thrift(r::write)).isEqualTo(expected);

        get_scanner_request back = read(expected, new get_scanner_request());
        assertThat(back).isEqualTo(r);
        assertThat(back.isSetValidate_partition_hash()).isFalse();
        assertThat(back.getHash_key_filter_pattern()).isNull();
    }

    @Test
    void multiGetRequestStruct() throws Exception {
        byte[] expected = Bytes.fromHex(
                "0c 00 01 00 00 00 02 68 6b 0f 00 02 0c 00 00 00 01 00 00 00 02 73 31 08 00 03 00 00 00 64 08 00 04"
                        + "00 0f 42 40 02 00 05 00 02 00 08 01 02 00 09 00 08 00 0a 00 00 00 00 02 00 0c 00 00");
        multi_get_request r = new multi_get_request();
        r.setHash_key(new blob(Bytes.utf8("hk")));
        r.setSort_keys(List.of(new blob(Bytes.utf8("s1"))));
        r.setMax_kv_count(100);
        r.setMax_kv_size(1000000);
        r.setNo_value(false);
        r.setStart_inclusive(true);
        r.setStop_inclusive(false);
        r.setSort_key_filter_type(0);
        r.setReverse(false);
        assertThat(thrift(r::write)).isEqualTo(expected);
        multi_get_request back = read(expected, new multi_get_request());
        assertThat(back).isEqualTo(r);
        assertThat(back.getStart_sortkey()).isNull();
    }
}
