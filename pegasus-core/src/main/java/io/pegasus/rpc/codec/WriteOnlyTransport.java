package io.pegasus.rpc.codec;

import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A Thrift transport that only appends: what a subclass must say about opening, reading and message sizes, said once.
 * Encoders write into a buffer of their own ({@link ThriftProtocols}'s into a Netty buffer, the server's log payload
 * encoder into an array); reading is refused. Internal to the codecs of this project (public so that the server's
 * encoders can use it), not part of the client's API.
 */
public abstract class WriteOnlyTransport extends TTransport {
    @Override
    public abstract void write(byte[] buf, int off, int len);

    @Override
    public final boolean isOpen() {
        return true;
    }

    @Override
    public final void open() {}

    @Override
    public final void close() {}

    @Override
    public final int read(byte[] buf, int off, int len) throws TTransportException {
        throw new TTransportException(TTransportException.NOT_OPEN, "write-only transport");
    }

    @Override
    public final TConfiguration getConfiguration() {
        return TConfiguration.DEFAULT;
    }

    @Override
    public final void updateKnownMessageSize(long size) {}

    @Override
    public final void checkReadBytesAvailable(long numBytes) {}

    @Override
    public final void resetMessageSizeAndConsumedBytes(long newSize) {}
}
