package com.voxell.lux.support;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the stream (the JDK's), collecting parsed messages. With {@link
 * #pause()} it stops asking for messages (WebSocket flow control), so the server's sends back up
 * exactly as with a reader that stopped reading.
 */
public final class StreamClient implements WebSocket.Listener, AutoCloseable {

  private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final List<Integer> frameSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final java.util.concurrent.atomic.AtomicInteger heartbeats =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger pings =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean paused;
  private WebSocket socket;

  private StreamClient() {}

  /** Connects to {@code path} (under /api/lux) with {@code key} as a Bearer header. */
  public static StreamClient connect(String path, String key) {
    return connect(path, key, null, false);
  }

  /** Connects with the key as {@code ?access_token=} instead of a header. */
  public static StreamClient connectWithToken(String path, String key) {
    return connect(path, key, null, true);
  }

  public static StreamClient connect(String path, String key, String origin, boolean asQuery) {
    return connect(Lux.port(), path, key, origin, asQuery);
  }

  /** Connects to a server on another port (a cluster node the test started). */
  public static StreamClient connect(
      int port, String path, String key, String origin, boolean asQuery) {
    StreamClient client = new StreamClient();
    String uri = "ws://127.0.0.1:" + port + "/api/lux" + path;
    WebSocket.Builder builder =
        Lux.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (key != null && asQuery) {
      uri +=
          (path.contains("?") ? "&" : "?")
              + "access_token="
              + URLEncoder.encode(key, StandardCharsets.UTF_8);
    } else if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket = builder.buildAsync(URI.create(uri), client).join();
    return client;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonValue frame = Lux.jsonValue(partial.toString());
      partial.setLength(0);
      List<JsonObject> carried =
          frame instanceof JsonArray array
              ? array.getValuesAs(JsonObject.class)
              : List.of(frame.asJsonObject());
      frameSizes.add(carried.size());
      for (JsonObject message : carried) {
        if (message.getString("type").equals("heartbeat")) {
          heartbeats.incrementAndGet();
        } else {
          messages.add(message);
        }
      }
    }
    if (!paused) {
      webSocket.request(1);
    }
    return null;
  }

  /** Counts the server's pings; the JDK answers each with a pong by itself. */
  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
    pings.incrementAndGet();
    return WebSocket.Listener.super.onPing(webSocket, message);
  }

  /** How many messages each text frame carried (more than one only with {@code ?batch=1}). */
  public List<Integer> frameSizes() {
    return frameSizes;
  }

  public int heartbeats() {
    return heartbeats.get();
  }

  public int pings() {
    return pings.get();
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(1006);
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Stops reading: no more messages are asked for until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    socket.request(Long.MAX_VALUE);
  }

  /** The next message, waiting up to 20 s; fails when none came. */
  public JsonObject next() {
    try {
      JsonObject message = messages.poll(20, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within 20 s (closed: " + closed.getNow(null) + ")");
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message, which must be of {@code type} (heartbeats are counted apart). */
  public JsonObject next(String type) {
    JsonObject message = next();
    if (!message.getString("type").equals(type)) {
      throw new AssertionError("expected " + type + " but got " + message);
    }
    return message;
  }

  /** Messages until one matches, all returned (the match last). */
  public List<JsonObject> until(Predicate<JsonObject> done) {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      JsonObject message = next();
      seen.add(message);
      if (done.test(message)) {
        return seen;
      }
    }
  }

  /** Messages received and not yet taken. */
  public List<JsonObject> drain() {
    List<JsonObject> drained = new ArrayList<>();
    messages.drainTo(drained);
    return drained;
  }

  /** The close code the server sent, waiting up to 20 s. */
  public int closeCode() {
    try {
      return closed.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the TCP connection without a close handshake. */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        closed.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the server may already be gone; abort below either way
      }
    }
    socket.abort();
  }
}
