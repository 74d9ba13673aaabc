package io.sluice.node.server;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.MetricRegistry;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The canal-compatible client server: canal clients connect, log in, subscribe to a destination this node serves, and
 * get, acknowledge and roll back batches of stored entries. See docs/server.md.
 *
 * <p>Pipeline of a connection, one job per handler: idle limit, frame decoder (4-byte big-endian length, bounded by
 * {@link ClientServerConfig#maxFrameBytes()}), {@link PacketCodec} (which also writes the lengths), then
 * {@link AuthenticationHandler}, which gives way to a {@link SessionHandler} after the login.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once (later calls do nothing). Thread-safe.
 */
public final class ClientServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ClientServer.class);

    static final String IDLE_HANDLER = "idle";
    static final String SESSION_HANDLER = "session";

    private enum State { LATENT, STARTED, CLOSED }

    private final ClientServerConfig config;
    private final DestinationDirectory directory;
    private final ServerMetrics metrics;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private ThreadPoolExecutor workers;
    private ServerContext context;
    private Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup("sluice-clients", GlobalEventExecutor.INSTANCE);
    private volatile int boundPort = -1;

    /**
     * @param directory the destinations this node serves now
     * @param registry  where the server's connection metrics go ({@code sluice.server.*}); client metrics go to each
     *                  destination's own registry
     */
    public ClientServer(ClientServerConfig config, DestinationDirectory directory, MetricRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.metrics = new ServerMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Binds and starts accepting clients.
     *
     * @throws IllegalStateException if started before or closed
     * @throws InterruptedException  if interrupted while binding
     * @throws java.io.IOException   if the address cannot be bound (wrapped by Netty's own exception otherwise)
     */
    public void start() throws InterruptedException, java.io.IOException {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("client server cannot be started more than once (state " + state.get()
                    + ")");
        }
        metrics.register();
        workers = new ThreadPoolExecutor(0, config.maxConnections(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                namedDaemons("sluice-client-worker-"));
        context = ServerContext.create(config, directory, metrics, workers);
        bossGroup = new MultiThreadIoEventLoopGroup(1, namedDaemons("sluice-client-accept-"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), namedDaemons("sluice-client-io-"),
                NioIoHandler.newFactory());
        PacketCodec codec = new PacketCodec();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        int open = metrics.opened();
                        channel.closeFuture().addListener(future -> metrics.closed());
                        if (open > config.maxConnections()) {
                            log.warn("client at {}: {} connections open, the limit is {}; closing the new one",
                                    NettyConnection.describe(channel.remoteAddress()), open - 1,
                                    config.maxConnections());
                            metrics.rejected();
                            channel.close();
                            return;
                        }
                        connections.add(channel);
                        channel.pipeline()
                                .addLast(IDLE_HANDLER, new IdleStateHandler(config.loginTimeoutMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("frameDecoder", new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0,
                                        4, 0, 4, true))
                                .addLast("packetCodec", codec)
                                .addLast("auth", new AuthenticationHandler(context));
                    }
                });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("client server listening on {}:{} ({} users configured{})", config.host(), boundPort,
                config.users().size(), config.users().isEmpty() ? ", every user accepted" : "");
    }

    /** The port bound, e.g. after binding port 0. */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("client server is not started");
        }
        return boundPort;
    }

    /** Connections open now, logged in or not. */
    public int openConnections() {
        return metrics.open();
    }

    /**
     * Stops accepting, lets every connection finish the answer it is working on (a waiting get returns what it has),
     * then closes them; waits at most {@link ClientServerConfig#shutdownMillis()} for that, then closes what is left.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous != State.STARTED) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownMillis());
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(config.shutdownMillis());
        }
        for (Channel channel : connections) {
            if (channel.pipeline().get(SESSION_HANDLER) == null) {
                // Not logged in: nothing in flight.
                channel.close();
            }
        }
        List<SessionHandler> sessions = new ArrayList<>(context.sessions());
        for (SessionHandler session : sessions) {
            session.drainAndClose();
        }
        long remainingMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!connections.newCloseFuture().awaitUninterruptibly(remainingMillis)) {
            log.warn("client server: {} connections still open after {} ms; closing them now", connections.size(),
                    config.shutdownMillis());
        }
        connections.close().awaitUninterruptibly(1000);
        shutdownGroups();
        metrics.unregister();
        log.info("client server on port {} closed", boundPort);
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
