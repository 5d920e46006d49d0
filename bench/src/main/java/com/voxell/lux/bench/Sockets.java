package com.voxell.lux.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * WebSocket connections to one Lux server, all on one Netty event-loop thread. The load generator
 * shares the machine's cores with the server, so what it spends per received message is taken
 * from the server: the JDK's WebSocket client cost 25–70 µs of CPU per message in the 10,000-socket
 * fan-out, Netty at most 10–16 µs (a round's whole generator CPU, its PUT included). Pings are
 * answered with pongs by Netty's protocol handler.
 */
public final class Sockets implements AutoCloseable {

  private static final int MAX_FRAME = 1 << 20;

  private final LuxServer server;
  // Native epoll where Linux has it: on Java NIO the event loop added ~0.7 ms to the median
  // delivery at 1,000 updates/s and doubled its p99 (docs/BENCHMARKS.md, 2026-11-26).
  private final EventLoopGroup loop =
      new MultiThreadIoEventLoopGroup(
          1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  private final Class<? extends SocketChannel> channelType =
      Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;

  public Sockets(LuxServer server) {
    this.server = server;
  }

  /** One open socket. */
  public static final class Connection {
    private final Channel channel;

    private Connection(Channel channel) {
      this.channel = channel;
    }

    /** Queues a text message; Netty keeps the order and writes without waiting. */
    public ChannelFuture send(String text) {
      return channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Says goodbye (1000) and closes. */
    public void close() {
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "done")).syncUninterruptibly();
      channel.close().syncUninterruptibly();
    }

    /** Drops the TCP connection without a closing handshake, as a client that dies would. */
    public void abort() {
      channel.close();
    }
  }

  /**
   * Opens a socket on {@code path} (below {@code /api/lux}, query included); {@code onText} gets
   * every whole text message, and {@code {"type":"closed","code":N}} when the server closes.
   */
  public CompletableFuture<Connection> open(String path, Consumer<String> onText) {
    URI uri = URI.create("ws://127.0.0.1:" + server.port + "/api/lux" + path);
    CompletableFuture<Connection> opened = new CompletableFuture<>();
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(new DefaultHttpHeaders().add("Authorization", "Bearer " + server.key))
            .maxFramePayloadLength(MAX_FRAME)
            .handleCloseFrames(false)
            .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(60))
            .build();
    new Bootstrap()
        .group(loop)
        .channel(channelType)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel
                    .pipeline()
                    .addLast(
                        new HttpClientCodec(),
                        new HttpObjectAggregator(MAX_FRAME),
                        new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(MAX_FRAME),
                        new Receiver(onText, opened));
              }
            })
        .connect(uri.getHost(), uri.getPort())
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                opened.completeExceptionally(connected.cause());
              }
            });
    return opened;
  }

  /**
   * Opens {@code count} sockets on {@code path(i)}, 100 handshakes at a time; {@code onText} gets
   * each socket's index and whole messages.
   */
  public List<Connection> open(
      int count, IntFunction<String> path, BiConsumer<Integer, String> onText) {
    List<Connection> connections = new ArrayList<>(count);
    int parallel = 100;
    for (int from = 0; from < count; from += parallel) {
      List<CompletableFuture<Connection>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + parallel); i++) {
        int index = i;
        batch.add(open(path.apply(i), text -> onText.accept(index, text)));
      }
      batch.forEach(opening -> connections.add(opening.join()));
    }
    return connections;
  }

  @Override
  public void close() {
    loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Hands over text messages and the server's close; completes the open once upgraded. */
  private static final class Receiver extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Consumer<String> onText;
    private final CompletableFuture<Connection> opened;

    Receiver(Consumer<String> onText, CompletableFuture<Connection> opened) {
      this.onText = onText;
      this.opened = opened;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
      if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        opened.complete(new Connection(context.channel()));
      } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        opened.completeExceptionally(new IllegalStateException("handshake timed out"));
      }
      super.userEventTriggered(context, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        onText.accept(text.text());
      } else if (frame instanceof CloseWebSocketFrame close) {
        onText.accept("{\"type\":\"closed\",\"code\":" + close.statusCode() + "}");
        context.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      opened.completeExceptionally(cause);
      context.close();
    }
  }
}
