package com.voxell.lux.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A subscriber for the fault tests: one multiplexed socket to a node, subscribed to a set of
 * documents, remembering the newest version it was sent of each and how its socket ended.
 */
public final class VersionWatcher implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final AtomicInteger closeCode = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  public static VersionWatcher watch(int port, String key, List<String> ids) {
    VersionWatcher watcher = new VersionWatcher();
    watcher.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/lux/stream"), watcher)
            .join();
    String list = String.join("\",\"", ids);
    watcher.socket.sendText("{\"op\":\"subscribe\",\"ids\":[\"" + list + "\"]}", true).join();
    return watcher;
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
      List<JsonObject> messages =
          frame instanceof JsonArray array
              ? array.getValuesAs(JsonObject.class)
              : List.of(frame.asJsonObject());
      for (JsonObject message : messages) {
        if (message.containsKey("id") && message.containsKey("version")) {
          versions.merge(
              message.getString("id"), message.getJsonNumber("version").longValue(), Math::max);
        }
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.set(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.compareAndSet(0, -1);
  }

  /** The newest version sent of {@code id}, or 0. */
  public long version(String id) {
    return versions.getOrDefault(id, 0L);
  }

  /**
   * The documents whose newest version sent differs from {@code newest} (id to version), each as
   * "sent X, newest Y": empty once this subscriber is on the newest state. Printed by a failing
   * await, it tells a missed change (behind) from a state the cluster no longer holds (ahead).
   */
  public Map<String, String> offNewest(Map<String, Long> newest) {
    Map<String, String> off = new TreeMap<>();
    newest.forEach(
        (id, version) -> {
          if (version(id) != version) {
            off.put(id, "sent " + version(id) + ", newest " + version);
          }
        });
    return off;
  }

  /** Waits up to 30 s until this subscriber is on {@code newest} (read again at each check). */
  public void awaitNewest(String what, Supplier<Map<String, Long>> newest) {
    await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(offNewest(newest.get())).isEmpty());
  }

  /**
   * Waits up to 30 s until this subscriber is on {@code newest} or was closed with 1013 (told to
   * reconnect, as a node that lost sight of its cluster closes its subscribers).
   */
  public void awaitNewestOrToldToReconnect(String what, Supplier<Map<String, Long>> newest) {
    await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              if (closeCode() != 1013) {
                assertThat(offNewest(newest.get()))
                    .as("documents off the newest state, close code " + closeCode())
                    .isEmpty();
              }
            });
  }

  /** 0 while open; the close code (or -1 for a failed socket) once it ended. */
  public int closeCode() {
    return closeCode.get();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
