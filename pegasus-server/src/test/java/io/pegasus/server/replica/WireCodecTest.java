package io.pegasus.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.server.replication.Mutation;
import io.pegasus.server.replication.WriteRequest;
import io.pegasus.server.storage.WriteRequest.Kind;
import io.pegasus.server.wire.logged_mutation;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Mutation mutation(long decree, byte[]... args) {
        List<WriteRequest> writes = new java.util.ArrayList<>();
        for (byte[] a : args) {
            writes.add(new WriteRequest(0, WireWrite.ofBytes(Kind.PUT, a)));
        }
        return new Mutation(3, decree, 1234, writes);
    }

    /** What libthrift's own memory transport makes of the same struct: the format must not change. */
    private static byte[] reference(logged_mutation m) throws TException {
        TMemoryBuffer mem = new TMemoryBuffer(64);
        m.write(new TBinaryProtocol(mem));
        return java.util.Arrays.copyOf(mem.getArray(), mem.length());
    }

    @Test
    void logPayloadsRoundTripAndMatchLibthriftsEncodingWhateverTheirSizeAndOrder() throws TException {
        // a large payload (more than a thread keeps between encodings) between small ones: the reused buffer does not
        // leak bytes of an earlier, longer encoding into a later, shorter one
        int[][] sizes = {{1024}, {1024, 7, 0}, {ThriftBytes.KEPT_BYTES + 10_000}, {3}, {1024, 1024}};
        long decree = 1;
        for (int[] s : sizes) {
            byte[][] args = new byte[s.length][];
            for (int i = 0; i < s.length; i++) {
                args[i] = random(s[i], decree * 31 + i);
            }
            Mutation m = mutation(decree, args);
            byte[] payload = WireCodec.logPayload(m, decree - 1);
            assertThat(payload).isEqualTo(reference(new logged_mutation(WireCodec.toWire(m), decree - 1)));
            logged_mutation back = WireCodec.readLogPayload(payload);
            assertThat(back.getCommitted_decree()).isEqualTo(decree - 1);
            Mutation read = WireCodec.fromWire(back.getMutation());
            assertThat(read.decree()).isEqualTo(decree);
            assertThat(read.writes()).hasSize(s.length);
            for (int i = 0; i < s.length; i++) {
                assertThat(((WireWrite) read.writes().get(i).payload()).args()).isEqualTo(args[i]);
            }
            decree++;
        }
    }

    @Test
    void theEncodingBufferGrowsWhenTheHintIsShortAndIsNotKeptOnceLarge() throws TException {
        for (int hint : new int[] {0, 1, 64}) {
            Mutation m = mutation(7, random(5000, hint), random(300, hint + 1));
            logged_mutation lm = new logged_mutation(WireCodec.toWire(m), 6);
            assertThat(ThriftBytes.encode(lm, hint)).isEqualTo(reference(lm));
        }
        Mutation large = mutation(8, random(ThriftBytes.KEPT_BYTES * 2, 8));
        assertThat(WireCodec.logPayload(large, 7))
                .isEqualTo(reference(new logged_mutation(WireCodec.toWire(large), 7)));
        assertThat(ThriftBytes.keptCapacity()).isLessThanOrEqualTo(ThriftBytes.KEPT_BYTES);
    }

    @Test
    void anEncodingThatFailsHalfwayLeavesNothingBehindForTheNext() throws TException {
        logged_mutation failing = new logged_mutation(WireCodec.toWire(mutation(9, random(2000, 9))), 8) {
            @Override
            public void write(org.apache.thrift.protocol.TProtocol out) throws TException {
                out.writeBinary(ByteBuffer.wrap(random(1500, 1)));
                throw new TException("disk on fire");
            }
        };
        assertThatThrownBy(() -> ThriftBytes.encode(failing, 16)).hasMessageContaining("disk on fire");
        logged_mutation good = new logged_mutation(WireCodec.toWire(mutation(10, random(10, 10))), 9);
        assertThat(ThriftBytes.encode(good, 16)).isEqualTo(reference(good));
    }

    @Test
    void anEncodingInsideAnEncodingGetsABufferOfItsOwn() throws TException {
        logged_mutation inner = new logged_mutation(WireCodec.toWire(mutation(11, random(700, 11))), 10);
        byte[][] innerBytes = new byte[1][];
        logged_mutation outer = new logged_mutation(WireCodec.toWire(mutation(12, random(900, 12))), 11) {
            @Override
            public void write(org.apache.thrift.protocol.TProtocol out) throws TException {
                super.write(out);
                innerBytes[0] = ThriftBytes.encode(inner, 16); // while the outer encoding holds this thread's buffer
            }
        };
        byte[] outerBytes = ThriftBytes.encode(outer, 16);
        assertThat(innerBytes[0]).isEqualTo(reference(inner));
        assertThat(outerBytes).isEqualTo(reference(new logged_mutation(outer.getMutation(), 11)));
    }

    @Test
    void writesGoToTheWireWithoutACopyOfTheirBytes() {
        byte[] args = random(1024, 13);
        Mutation m = mutation(13, args);
        assertThat(WireCodec.toWire(m).getWrites().get(0).request.array()).isSameAs(args);
    }

    @Test
    void bytesOfABinaryFieldAreCopiedOnceFromWhateverWindowTheyAreIn() throws TException {
        byte[] whole = random(100, 1);
        assertThat(WireCodec.bytes(ByteBuffer.wrap(whole))).isEqualTo(whole).isNotSameAs(whole);
        ByteBuffer window = ByteBuffer.wrap(whole, 10, 20);
        assertThat(WireCodec.bytes(window)).isEqualTo(java.util.Arrays.copyOfRange(whole, 10, 30));
        assertThat(window.position()).as("the field is left as it was").isEqualTo(10);
        ByteBuffer direct =
                ByteBuffer.allocateDirect(5).put(new byte[] {1, 2, 3, 4, 5}).flip();
        assertThat(WireCodec.bytes(direct)).containsExactly(1, 2, 3, 4, 5);
        assertThatThrownBy(() -> WireCodec.bytes(null))
                .isInstanceOf(TException.class)
                .hasMessageContaining("no request");
    }
}
