package io.pegasus.bench.ycsb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/**
 * One YCSB record (field name to value) as one stored value, the same bytes for every system under test so that each
 * stores and moves the same payload: per field a 2-byte name length, the name, a 4-byte value length, the value.
 */
public final class RecordCodec {
    private RecordCodec() {}

    public static byte[] encode(Map<String, ByteIterator> fields) {
        byte[][] names = new byte[fields.size()][];
        byte[][] values = new byte[fields.size()][];
        int size = 0;
        int i = 0;
        for (Map.Entry<String, ByteIterator> e : fields.entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = e.getValue().toArray();
            size += 2 + names[i].length + 4 + values[i].length;
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int j = 0; j < names.length; j++) {
            out.putShort((short) names[j].length).put(names[j]);
            out.putInt(values[j].length).put(values[j]);
        }
        return out.array();
    }

    /**
     * Decodes {@code stored} into {@code result}, keeping only {@code wanted} fields (all when null).
     *
     * @throws IllegalArgumentException when the bytes are not a record written by {@link #encode}
     */
    public static void decode(byte[] stored, Set<String> wanted, Map<String, ByteIterator> result) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        try {
            while (in.hasRemaining()) {
                byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(name);
                byte[] value = new byte[in.getInt()];
                in.get(value);
                String field = new String(name, StandardCharsets.UTF_8);
                if (wanted == null || wanted.contains(field)) {
                    result.put(field, new ByteArrayByteIterator(value));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a YCSB record of " + stored.length + " bytes", e);
        }
    }
}
