package io.pegasus.rpc.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.codec.RequestFrame;
import io.pegasus.rpc.codec.RequestFrames;
import java.util.Map;
import org.apache.thrift.TException;

/**
 * Hands each decoded frame to the handler registered for its RPC name. Unknown names are answered
 * ERR_HANDLER_NOT_FOUND without closing the connection (spec 4.16). A connection with too many unanswered calls gets
 * ERR_BUSY for new ones, so a flooding client cannot make the server buffer without bound.
 */
@ChannelHandler.Sharable
final class Dispatcher extends ChannelInboundHandlerAdapter {
    private final Map<String, RpcHandler> handlers;
    private final int maxPendingPerConnection;
    private final RateLimitedLog log;

    Dispatcher(Map<String, RpcHandler> handlers, int maxPendingPerConnection, RateLimitedLog log) {
        this.handlers = Map.copyOf(handlers);
        this.maxPendingPerConnection = maxPendingPerConnection;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RequestFrame frame = (RequestFrame) msg;
        ConnectionContext connection = ctx.channel().attr(RpcServer.CONNECTION).get();
        connection.pendingCounter().incrementAndGet();
        RpcCall call = new RpcCall(frame, ctx.channel(), connection, System.nanoTime());
        if (connection.pendingCalls() > maxPendingPerConnection) {
            log.warn(
                    "rejecting {} seqid {} from {} with ERR_BUSY: {} calls already pending on this connection",
                    RequestFrames.printableName(frame.name()),
                    frame.seqId(),
                    connection,
                    maxPendingPerConnection);
            call.fail(ErrorCode.ERR_BUSY);
            return;
        }
        RpcHandler handler = handlers.get(frame.name());
        if (handler == null) {
            log.warn(
                    "unknown RPC {} seqid {} from {}: answering ERR_HANDLER_NOT_FOUND",
                    RequestFrames.printableName(frame.name()),
                    frame.seqId(),
                    connection);
            call.fail(ErrorCode.ERR_HANDLER_NOT_FOUND);
            return;
        }
        try {
            handler.handle(call);
        } catch (TException e) {
            if (!call.answered()) {
                log.warn(
                        "{} seqid {} from {}: malformed arguments ({}): answering ERR_INVALID_DATA",
                        RequestFrames.printableName(frame.name()),
                        frame.seqId(),
                        connection,
                        e.getMessage());
                call.fail(ErrorCode.ERR_INVALID_DATA);
            }
        } catch (RuntimeException e) {
            if (!call.answered()) {
                log.warn(
                        "{} seqid {} from {} failed in its handler: {}",
                        RequestFrames.printableName(frame.name()),
                        frame.seqId(),
                        connection,
                        e.toString());
                call.fail(ErrorCode.ERR_UNKNOWN);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
