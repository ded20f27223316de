package io.pegasus.rpc.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pegasus.rpc.codec.FrameException;
import io.pegasus.rpc.codec.ResponseFrames;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Splits a connection's byte stream into {@link RpcResponse}s; a frame that cannot be parsed closes it. */
final class ResponseDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseDecoder.class);
    private final int maxFrameLength;

    ResponseDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            ResponseFrames.Decoded d;
            try {
                d = ResponseFrames.decode(in, maxFrameLength);
            } catch (FrameException e) {
                LOG.warn(
                        "closing connection to {}: bad response frame: {}",
                        ctx.channel().remoteAddress(),
                        e.getMessage());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (d == null) {
                return;
            }
            out.add(new RpcResponse(d.errorName(), d.seqId(), d.body(), d.bodyOffset()));
        }
    }
}
