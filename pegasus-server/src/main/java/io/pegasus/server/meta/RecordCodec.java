package io.pegasus.server.meta;

import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * How the ZooKeeper records are encoded: Thrift binary of the structs in meta_internal.thrift and meta.thrift, so that
 * fields can be added later and old records still read.
 */
final class RecordCodec {
    private RecordCodec() {}

    static byte[] encode(TBase<?, ?> value) {
        try {
            return new TSerializer(new TBinaryProtocol.Factory()).serialize(value);
        } catch (TException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    static <T extends TBase<?, ?>> T decode(T into, byte[] bytes, String path) {
        try {
            new TDeserializer(new TBinaryProtocol.Factory()).deserialize(into, bytes);
            return into;
        } catch (TException e) {
            throw new IllegalStateException("corrupt record at " + path + ": " + e.getMessage(), e);
        }
    }
}
