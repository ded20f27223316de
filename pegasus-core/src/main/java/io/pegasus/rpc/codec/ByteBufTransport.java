package io.pegasus.rpc.codec;

import io.netty.buffer.ByteBuf;

/**
 * A write-only Thrift transport appending to a Netty {@link ByteBuf}, so frames are encoded straight into the buffer
 * that goes to the socket. Reading goes through libthrift's {@code TMemoryInputTransport}, whose size checks keep a
 * garbage length field from allocating more than the frame holds.
 */
final class ByteBufTransport extends WriteOnlyTransport {
    private final ByteBuf out;

    ByteBufTransport(ByteBuf out) {
        this.out = out;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        out.writeBytes(buf, off, len);
    }
}
