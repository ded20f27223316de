package io.pegasus.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.log.LogFormat.Defect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static ByteBuffer recordBytes(byte[] payload) {
        ByteBuffer header = LogFormat.encodeHeader(
                LogFormat.TYPE_MUTATION, payload.length, LogFormat.payloadCrc(payload), 7, 42, 1234567, 96);
        ByteBuffer all = ByteBuffer.allocate(header.remaining() + payload.length);
        all.put(header).put(payload).flip();
        return all;
    }

    @Test
    void recordHeaderIsLaidOutAsDocumented() {
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = recordBytes(payload);
        assertThat(b.remaining()).isEqualTo(52 + 5);
        assertThat(new String(b.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PGMR");
        assertThat(b.get(8)).isEqualTo((byte) 1);
        assertThat(b.getInt(12)).isEqualTo(5);
        assertThat(b.getLong(20)).isEqualTo(7);
        assertThat(b.getLong(28)).isEqualTo(42);
        assertThat(b.getLong(36)).isEqualTo(1234567);
        assertThat(b.getLong(44)).isEqualTo(96);
        assertThat(new String(b.array(), 52, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(LogFormat.checkHeader(b, 0, b.remaining())).isNull();
        assertThat(LogFormat.checkPayload(b, 0)).isNull();
        LogFormat.Header h = LogFormat.decodeHeader(b, 0);
        assertThat(h.ballot()).isEqualTo(7);
        assertThat(h.decree()).isEqualTo(42);
        assertThat(h.timestampMicros()).isEqualTo(1234567);
        assertThat(h.syncedOffset()).isEqualTo(96);
        assertThat(h.recordBytes()).isEqualTo(57);
    }

    @Test
    void segmentHeaderRoundTripsAndRejectsDamage() {
        ByteBuffer b = LogFormat.encodeSegmentHeader(9, 1000);
        assertThat(b.remaining()).isEqualTo(32);
        assertThat(new String(b.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PGLS");
        assertThat(LogFormat.segmentSeq(b, 0)).isEqualTo(9);
        for (int i = 0; i < 32; i++) {
            ByteBuffer damaged = LogFormat.encodeSegmentHeader(9, 1000);
            damaged.put(i, (byte) (damaged.get(i) ^ 1));
            assertThat(LogFormat.segmentSeq(damaged, 0))
                    .as("byte %d flipped", i)
                    .isEqualTo(-1);
        }
    }

    @Test
    void everyFlippedHeaderByteIsDetected() {
        byte[] payload = new byte[100];
        for (int i = 0; i < LogFormat.RECORD_HEADER_BYTES; i++) {
            ByteBuffer b = recordBytes(payload);
            b.put(i, (byte) (b.get(i) ^ 0x10));
            Defect d = LogFormat.checkHeader(b, 0, b.remaining());
            if (d == null) {
                d = LogFormat.checkPayload(b, 0);
            }
            assertThat(d).as("byte %d flipped", i).isNotNull();
        }
    }

    @Test
    void flippedPayloadByteAndShortBuffersAreDetected() {
        ByteBuffer b = recordBytes(new byte[100]);
        b.put(52 + 50, (byte) 1);
        assertThat(LogFormat.checkHeader(b, 0, b.remaining())).isNull();
        assertThat(LogFormat.checkPayload(b, 0)).isEqualTo(Defect.BAD_PAYLOAD_CRC);

        ByteBuffer ok = recordBytes(new byte[100]);
        assertThat(LogFormat.checkHeader(ok, 0, 51)).isEqualTo(Defect.INCOMPLETE_HEADER);
        assertThat(LogFormat.checkHeader(ok, 0, 151)).isEqualTo(Defect.INCOMPLETE_PAYLOAD);
        assertThat(LogFormat.checkHeader(ByteBuffer.allocate(60), 0, 60)).isEqualTo(Defect.BAD_MAGIC);
    }
}
