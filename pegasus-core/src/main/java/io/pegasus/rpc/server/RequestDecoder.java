package io.pegasus.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pegasus.rpc.codec.FrameException;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.codec.RequestFrames;
import java.util.List;

/**
 * Splits the byte stream of a connection into {@link RequestFrame}s. A frame that cannot be parsed leaves the stream
 * position unknown, so the connection is closed after a log line naming the peer and the problem (spec 1.3); every
 * other connection keeps being served.
 */
final class RequestDecoder extends ByteToMessageDecoder {
    private final int maxBodyLength;
    private final RateLimitedLog log;

    RequestDecoder(int maxBodyLength, RateLimitedLog log) {
        this.maxBodyLength = maxBodyLength;
        this.log = log;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            RequestFrame frame;
            try {
                frame = RequestFrames.decode(in, maxBodyLength);
            } catch (FrameException e) {
                log.warn(
                        "closing connection from {}: bad request frame: {}",
                        ctx.channel().remoteAddress(),
                        e.getMessage());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (frame == null) {
                return;
            }
            out.add(frame);
        }
    }
}
