package com.voxell.lux.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/** HTTP writes and stream sockets against one Lux server, for load classes to share. */
public final class LuxClient {

  private final LuxServer server;
  // HTTP/1.1 as agents using curl or most HTTP libraries speak it. (The JDK client's default
  // upgrades to cleartext HTTP/2, where Grizzly's stream bookkeeping costs ~1 ms per request.)
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(4))
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  public LuxClient(LuxServer server) {
    this.server = server;
  }

  public CompletableFuture<HttpResponse<String>> put(String id, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(base() + "/api/lux/" + id))
            .header("Authorization", "Bearer " + server.key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/lux" + path))
                .header("Authorization", "Bearer " + server.key)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The server's heap in use after a full GC, from the admin call. */
  public long heapAfterGc() throws Exception {
    server.gc();
    String counts = get("/admin/stream");
    return Bench.number(counts, "heapUsedBytes");
  }

  private String base() {
    return "http://127.0.0.1:" + server.port;
  }

  /**
   * Opens {@code count} sockets on {@code path(i)}, at most {@code parallel} handshakes at once;
   * {@code onText} gets each whole message and the nanoTime it arrived.
   */
  public List<WebSocket> sockets(
      int count, java.util.function.IntFunction<String> path, BiConsumer<Integer, String> onText)
      throws Exception {
    List<WebSocket> sockets = new ArrayList<>(count);
    int parallel = 100;
    for (int from = 0; from < count; from += parallel) {
      List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + parallel); i++) {
        int index = i;
        batch.add(
            http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + server.key)
                .connectTimeout(Duration.ofSeconds(60))
                .buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port + "/api/lux" + path.apply(i)),
                    new Listener(text -> onText.accept(index, text))));
      }
      for (CompletableFuture<WebSocket> socket : batch) {
        sockets.add(socket.join());
      }
    }
    return sockets;
  }

  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Consumer<String> onText;
    private StringBuilder partial;

    Listener(java.util.function.Consumer<String> onText) {
      this.onText = onText;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      if (last && partial == null) {
        onText.accept(data.toString());
      } else {
        if (partial == null) {
          partial = new StringBuilder();
        }
        partial.append(data);
        if (last) {
          onText.accept(partial.toString());
          partial = null;
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      onText.accept("{\"type\":\"closed\",\"code\":" + code + "}");
      return null;
    }
  }
}
