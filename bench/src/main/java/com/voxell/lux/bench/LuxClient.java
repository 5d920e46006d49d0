package com.voxell.lux.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

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

  private final Sockets sockets;

  public LuxClient(LuxServer server) {
    this.server = server;
    this.sockets = new Sockets(server);
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
   * Opens {@code count} sockets on {@code path(i)}; {@code onText} gets each socket's index and
   * whole messages.
   */
  public List<Sockets.Connection> sockets(
      int count, IntFunction<String> path, BiConsumer<Integer, String> onText) {
    return sockets.open(count, path, onText);
  }
}
