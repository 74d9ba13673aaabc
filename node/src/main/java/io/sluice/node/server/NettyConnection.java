package io.sluice.node.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import com.google.protobuf.ByteString;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.sluice.common.protocol.Packet;

/** A {@link Connection} over a Netty channel; writes are thread-safe in Netty. */
final class NettyConnection implements Connection {
    private final Channel channel;
    private final ServerMetrics metrics;
    private final String remote;
    private volatile boolean draining;

    NettyConnection(Channel channel, ServerMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
        this.remote = describe(channel.remoteAddress());
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public void send(Packet packet) {
        channel.writeAndFlush(packet, channel.voidPromise());
    }

    @Override
    public void sendMessages(long batchId, List<ByteString> entries) {
        channel.writeAndFlush(new MessagesFrame(batchId, entries), channel.voidPromise());
    }

    @Override
    public void sendAndClose(Packet packet) {
        metrics.rejected();
        channel.writeAndFlush(packet).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public boolean draining() {
        return draining;
    }

    void drain() {
        draining = true;
    }

    @Override
    public String remote() {
        return remote;
    }
}
