package io.pegasus.rpc.codec;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/** Writes a value with a Thrift protocol; how an RPC's argument or result is put into a frame. */
@FunctionalInterface
public interface ThriftWriter {
    void write(TProtocol out) throws TException;
}
