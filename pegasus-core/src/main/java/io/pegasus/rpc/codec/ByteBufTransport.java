package io.pegasus.rpc.codec;

import io.netty.buffer.ByteBuf;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A write-only Thrift transport appending to a Netty {@link ByteBuf}, so frames are encoded straight into the buffer
 * that goes to the socket. Reading goes through libthrift's {@code TMemoryInputTransport}, whose size checks keep a
 * garbage length field from allocating more than the frame holds.
 */
final class ByteBufTransport extends TTransport {
    private final ByteBuf out;

    ByteBufTransport(ByteBuf out) {
        this.out = out;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void open() {}

    @Override
    public void close() {}

    @Override
    public int read(byte[] buf, int off, int len) throws TTransportException {
        throw new TTransportException(TTransportException.NOT_OPEN, "write-only transport");
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        out.writeBytes(buf, off, len);
    }

    @Override
    public TConfiguration getConfiguration() {
        return TConfiguration.DEFAULT;
    }

    @Override
    public void updateKnownMessageSize(long size) {}

    @Override
    public void checkReadBytesAvailable(long numBytes) {}

    @Override
    public void resetMessageSizeAndConsumedBytes(long newSize) {}
}
