package io.sluice.node.server;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * What the last handler of a connection does with an exception from the pipeline: one log line, canal's error packet
 * where the peer can still read one, and the connection closed. Nothing reaches Netty's default handler.
 */
final class ConnectionFailures {
    private static final Logger log = LoggerFactory.getLogger(ConnectionFailures.class);

    private ConnectionFailures() {
    }

    static void handle(ChannelHandlerContext ctx, Throwable cause, ServerMetrics metrics) {
        String remote = NettyConnection.describe(ctx.channel().remoteAddress());
        if (!ctx.channel().isActive()) {
            return;
        }
        metrics.rejected();
        if (cause instanceof TooLongFrameException) {
            // The stream cannot be resynchronised after a frame we refused to read; the client gets no answer.
            log.warn("client at {}: {}; closing the connection", remote, cause.getMessage());
            ctx.close();
        } else if (cause instanceof DecoderException) {
            log.warn("client at {}: bad packet: {}; closing the connection", remote, rootMessage(cause));
            ctx.writeAndFlush(Packets.error(ClientError.BAD_REQUEST, "bad packet: " + rootMessage(cause)
                    + "; the connection is closed")).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof IOException) {
            log.debug("client at {}: connection failed: {}", remote, cause.getMessage());
            ctx.close();
        } else {
            log.warn("client at {}: unexpected failure; closing the connection", remote, cause);
            ctx.close();
        }
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
