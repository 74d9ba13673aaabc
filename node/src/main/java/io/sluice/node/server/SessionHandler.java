package io.sluice.node.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.common.protocol.Packet;

/**
 * Hands an authenticated connection's packets to its {@link ClientSession} on the connection's
 * {@link SerialExecutor}, in order. Only queues work: nothing here blocks the event loop. One instance per
 * connection.
 */
final class SessionHandler extends SimpleChannelInboundHandler<Packet> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final ServerContext context;
    private final Channel channel;
    private final SerialExecutor worker;
    private final ClientSession session;
    private final NettyConnection connection;

    SessionHandler(ServerContext context, Channel channel) {
        this.context = context;
        this.channel = channel;
        this.worker = new SerialExecutor(context.workers(), context.config().maxQueuedRequests());
        this.connection = new NettyConnection(channel, context.metrics());
        this.session = new ClientSession(context.directory(), context.clients(), context.config().fetchLimits(),
                connection);
        context.sessionStarted(this);
    }

    void authenticated(String destination, String clientId, String filter) {
        submit(() -> session.authenticated(destination, clientId, filter));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
        submit(() -> session.handle(packet));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A get waiting for appends notices within its stop-check interval; then the session lets go of the
        // client's state, in order.
        if (!worker.execute(session::disconnected)) {
            // The queue is full or the pool is gone: release from here, the session is finished either way.
            session.disconnected();
        }
        context.sessionEnded(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
            log.info("client at {}: idle ({}) past its timeout; closing the connection, as canal does",
                    NettyConnection.describe(channel.remoteAddress()), idle.state());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailures.handle(ctx, cause, context.metrics());
    }

    /**
     * Ends the connection for a server shutdown: a waiting get returns what it has, every queued answer is written,
     * then the connection closes.
     */
    void drainAndClose() {
        connection.drain();
        if (!worker.execute(() -> channel.close())) {
            channel.close();
        }
    }

    private void submit(Runnable task) {
        if (!worker.execute(task)) {
            log.warn("client at {}: more than {} requests waiting for answers; closing the connection",
                    NettyConnection.describe(channel.remoteAddress()), context.config().maxQueuedRequests());
            context.metrics().rejected();
            channel.close();
        }
    }
}
