package io.pegasus.rpc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pegasus.thrift.blob;
import io.pegasus.thrift.update_request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

class ThriftProtocolsTest {
    /** Every kind of field, as the writer's own fast paths and the transport's path write them. */
    private static void writeAllKinds(TBinaryProtocol p, ByteBuffer heap, ByteBuffer direct) throws TException {
        p.writeMessageBegin(new TMessage("RPC_RRDB_RRDB_PUT", TMessageType.CALL, 0x01020304));
        p.writeFieldBegin(new TField("f", TType.STRING, (short) 7));
        p.writeByte((byte) -3);
        p.writeI16((short) -2);
        p.writeI32(Integer.MIN_VALUE + 5);
        p.writeI64(0x0102030405060708L);
        p.writeDouble(-1.5e300);
        p.writeBool(true);
        p.writeBool(false);
        p.writeString("héllo");
        p.writeBinary(heap);
        p.writeBinary(direct);
        p.writeFieldStop();
        p.writeMessageEnd();
    }

    @Test
    void theWriterWritesTheBytesLibthriftsBinaryProtocolWrites() throws Exception {
        byte[] backing = "..payload bytes..".getBytes(StandardCharsets.UTF_8);
        ByteBuffer heap = ByteBuffer.wrap(backing, 2, 13).slice(); // an array offset, as a sliced blob has
        ByteBuffer direct =
                ByteBuffer.allocateDirect(5).put(new byte[] {9, 8, 7, 6, 5}).flip();

        TMemoryBuffer expected = new TMemoryBuffer(256);
        // libthrift's own writer takes heap buffers only: the same bytes, in an array
        writeAllKinds(new TBinaryProtocol(expected), heap.duplicate(), ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}));

        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x55); // the writer appends after what the buffer already holds
        ThriftProtocols.write(out, p -> writeAllKinds(p, heap, direct));

        byte[] want = new byte[expected.length() + 1];
        want[0] = 0x55;
        System.arraycopy(expected.getArray(), 0, want, 1, expected.length());
        assertArrayEquals(want, ByteBufUtil.getBytes(out));
        assertEquals(0, heap.position(), "writing a binary leaves the caller's buffer where it was");
        assertEquals(0, direct.position(), "writing a binary leaves the caller's buffer where it was");
    }

    @Test
    void aStructWrittenAndReadBackThroughTheThreadsProtocolsIsEqual() throws Exception {
        update_request put =
                new update_request(new blob("key".getBytes(StandardCharsets.UTF_8)), new blob(new byte[1024]), 42);
        ByteBuf out = Unpooled.buffer();
        ThriftProtocols.write(out, put::write);
        byte[] bytes = ByteBufUtil.getBytes(out);
        for (int i = 0; i < 3; i++) { // the same protocol objects each time: nothing of one read leaks into the next
            update_request read = ThriftProtocols.read(bytes, (p, in) -> {
                update_request r = new update_request();
                r.read(p);
                assertEquals(bytes.length, in.getBufferPosition());
                return r;
            });
            assertEquals(put, read);
        }
    }

    @Test
    void aReadInsideAReadGetsAProtocolOfItsOwn() throws Exception {
        ByteBuf a = Unpooled.buffer();
        ThriftProtocols.write(a, p -> p.writeI64(1111));
        ByteBuf b = Unpooled.buffer();
        ThriftProtocols.write(b, p -> {
            p.writeI64(2222);
            // a write inside a write appends to its own buffer
            ThriftProtocols.write(a, q -> q.writeI32(7));
            p.writeI32(3333);
        });
        byte[] outer = ByteBufUtil.getBytes(b);
        byte[] inner = ByteBufUtil.getBytes(a);
        long[] got = ThriftProtocols.read(outer, (p, in) -> {
            long first = p.readI64();
            long nested = ThriftProtocols.read(inner, (q, qin) -> q.readI64() * 10 + q.readI32());
            return new long[] {first, nested, p.readI32()};
        });
        assertArrayEquals(new long[] {2222, 11117, 3333}, got);
    }

    @Test
    void aReadThatFailsHalfwayLeavesNothingBehindForTheNextOne() throws Exception {
        byte[] truncated = {0, 0, 0, 10, 'a', 'b'}; // a string announcing 10 bytes, holding 2
        for (int i = 0; i < 100; i++) { // more than libthrift's recursion limit (64), had a failure leaked depth
            assertThrows(
                    TException.class,
                    () -> ThriftProtocols.read(truncated, (p, in) -> {
                        p.incrementRecursionDepth(); // as a nested read does on the way down
                        return p.readString();
                    }));
        }
        ByteBuf out = Unpooled.buffer();
        ThriftProtocols.write(out, p -> p.writeString("ok"));
        assertEquals("ok", ThriftProtocols.read(ByteBufUtil.getBytes(out), (p, in) -> {
            p.incrementRecursionDepth();
            return p.readString();
        }));
    }
}
