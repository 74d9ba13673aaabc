package io.sluice.node.server;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.InvalidProtocolBufferException;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.common.protocol.ClientAuth;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;

/**
 * The first exchange of a connection, as canal's HandshakeInitializationHandler and ClientAuthenticationHandler do
 * it: the server sends a Handshake with a fresh random seed, the client answers with ClientAuth. A good login is
 * answered with an Ack, the idle limits the client asked for are put in place, and this handler gives way to a
 * {@link SessionHandler}; anything else is answered with canal's error packet and the connection is closed.
 * One instance per connection.
 */
final class AuthenticationHandler extends SimpleChannelInboundHandler<Packet> {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationHandler.class);
    private static final int SEED_BYTES = 8;

    private final ServerContext context;
    private byte[] seed;

    AuthenticationHandler(ServerContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        seed = new byte[SEED_BYTES];
        context.random().nextBytes(seed);
        ctx.writeAndFlush(Packets.handshake(seed));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
        String remote = NettyConnection.describe(ctx.channel().remoteAddress());
        if (packet.getType() != PacketType.CLIENTAUTHENTICATION) {
            refuse(ctx, "expected CLIENTAUTHENTICATION after the handshake, got " + packet.getType()
                    + "; log in first");
            return;
        }
        ClientAuth auth;
        try {
            auth = ClientAuth.parseFrom(packet.getBody());
        } catch (InvalidProtocolBufferException e) {
            refuse(ctx, "CLIENTAUTHENTICATION body is not a valid ClientAuth: " + e.getMessage());
            return;
        }
        if (!context.authenticator().accepts(auth.getUsername(), auth.getPassword().toStringUtf8(), seed)) {
            log.warn("client at {}: auth failed for user '{}'", remote, auth.getUsername());
            refuse(ctx, "auth failed for user:" + auth.getUsername());
            return;
        }

        long readIdle = auth.getNetReadTimeout() > 0 ? auth.getNetReadTimeout() : context.config().idleTimeoutMillis();
        long writeIdle = auth.getNetWriteTimeout() > 0 ? auth.getNetWriteTimeout()
                : context.config().idleTimeoutMillis();
        // canal reads the client's timeouts as milliseconds (its client sends idleTimeout, 1 hour by default, in ms).
        ctx.pipeline().replace(ClientServer.IDLE_HANDLER, ClientServer.IDLE_HANDLER,
                new IdleStateHandler(readIdle, writeIdle, 0, TimeUnit.MILLISECONDS));
        SessionHandler session = new SessionHandler(context, ctx.channel());
        ctx.pipeline().replace(this, ClientServer.SESSION_HANDLER, session);
        log.debug("client at {}: logged in as '{}'", remote, auth.getUsername());
        session.authenticated(auth.getDestination(), auth.getClientId(), auth.getFilter());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.info("client at {}: no login within {} ms; closing the connection",
                    NettyConnection.describe(ctx.channel().remoteAddress()), context.config().loginTimeoutMillis());
            context.metrics().rejected();
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailures.handle(ctx, cause, context.metrics());
    }

    private void refuse(ChannelHandlerContext ctx, String message) {
        context.metrics().rejected();
        ctx.writeAndFlush(Packets.error(ClientError.BAD_REQUEST, message)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Used once per connection; SecureRandom so that seeds cannot be predicted. */
    static SecureRandom newRandom() {
        return new SecureRandom();
    }
}
