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
        // a large payload (more than a thread keeps between encodings) between small ones: the reused buffer neither
        // leaks bytes of an earlier, longer encoding nor keeps the large one
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
    void bytesOfABinaryFieldAreCopiedOnlyWhenTheyAreAWindowOnALargerArray() throws TException {
        byte[] whole = random(100, 1);
        assertThat(WireCodec.bytes(ByteBuffer.wrap(whole))).isSameAs(whole);
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
