package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.AckedWrites;
import com.voxell.lux.support.DroppingProxy;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.PayaraCluster;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.ServerProcess;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three nodes behind a round-robin TCP proxy, 1,000 subscribers through the JavaScript client
 * (src/test/fault/subscribers.js under Node) and writers at 200 updates/s: every node is restarted
 * in turn (SIGTERM, wait for it to exit, start, wait until it is back in the cluster). Every
 * subscriber ends on the final version of every document it follows, no acknowledged write is lost,
 * and the time subscribers spent without a socket is reported.
 */
class RollingRestartIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final int SUBSCRIBERS = 1000;
  private static final int FOLLOWED_EACH = 2;
  private static final int DOCUMENTS = 200;
  private static final int WRITES_PER_SECOND = 200;

  @Test
  void everySubscriberEndsOnTheFinalVersionsAndNothingAcknowledgedIsLost() throws Exception {
    String prefix = "rolling-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (PayaraCluster cluster = new PayaraCluster("rolling-restart-it", 3).start();
        DroppingProxy proxy =
            new DroppingProxy(cluster.nodes().stream().map(PayaraNode::httpPort).toList())) {
      URI through = URI.create("http://127.0.0.1:" + proxy.port());
      for (String id : ids) {
        HttpRequest create =
            HttpRequest.newBuilder(through.resolve("/api/lux/" + id))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{}}"))
                .build();
        assertThat(Lux.HTTP.send(create, HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(201);
      }
      try (ServerProcess subscribers = subscribers(through, prefix)) {
        await("the subscribers have their first states")
            .atMost(Duration.ofMinutes(3))
            .failFast("the subscribers stopped\n" + subscribers.tail(), () -> !subscribers.alive())
            .until(() -> subscribers.log().contains("ready"));
        AckedWrites writes = new AckedWrites(ids, KEY, 8, WRITES_PER_SECOND, () -> through);
        long rollStart = System.nanoTime();
        for (PayaraNode node : cluster.nodes()) {
          long stopping = System.nanoTime();
          node.stop();
          node.start().awaitReady(PayaraCluster.BOOT);
          PayaraCluster.awaitMembers(node, 3);
          writes.report(
              "RollingRestartIT "
                  + node.name()
                  + " restarted in "
                  + Duration.ofNanos(System.nanoTime() - stopping).toMillis()
                  + " ms");
        }
        writes.close();
        System.out.printf(
            "RollingRestartIT rolled three nodes in %d s under writes%n",
            Duration.ofNanos(System.nanoTime() - rollStart).toSeconds());

        for (PayaraNode node : cluster.nodes()) {
          assertThat(writes.lost(node.base()))
              .as("acknowledged writes lost, read on " + node.name())
              .isEmpty();
        }
        Map<String, Long> finals = new HashMap<>();
        ids.forEach(id -> finals.put(id, writes.held(through, id)));
        JsonObject report =
            await("every subscriber on the final version of every document it follows")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> report(subscribers), r -> behind(r, finals) == 0);
        long[] offline =
            report.getJsonArray("offlineMs").getValuesAs(JsonValue.class).stream()
                .mapToLong(v -> ((JsonNumber) v).longValue())
                .toArray();
        System.out.printf(
            "RollingRestartIT subscribers: %d live of %d; without a socket: total %d ms, longest"
                + " %d ms, %d subscribers ever without one%n",
            report.getInt("live"),
            SUBSCRIBERS,
            Arrays.stream(offline).sum(),
            Arrays.stream(offline).max().orElse(0),
            Arrays.stream(offline).filter(ms -> ms > 0).count());
        assertThat(report.getInt("live")).isEqualTo(SUBSCRIBERS);
      }
    }
  }

  private static ServerProcess subscribers(URI through, String prefix) {
    Path script = Path.of("src/test/fault/subscribers.js").toAbsolutePath();
    return ServerProcess.start(
        "rolling-subscribers",
        List.of(
            "node",
            script.toString(),
            through.resolve("/api/lux").toString(),
            Integer.toString(SUBSCRIBERS),
            Integer.toString(FOLLOWED_EACH),
            prefix,
            Integer.toString(DOCUMENTS)),
        Map.of("LUX_API_KEY", KEY));
  }

  /** Asks the subscribers for their versions; the last JSON line of their output answers. */
  private static JsonObject report(ServerProcess subscribers) throws IOException {
    long before = subscribers.log().lines().filter(line -> line.startsWith("{")).count();
    OutputStream in = subscribers.process().getOutputStream();
    in.write("report\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> subscribers.log().lines().filter(line -> line.startsWith("{")).count() > before);
    List<String> lines = subscribers.log().lines().filter(line -> line.startsWith("{")).toList();
    return Lux.json(lines.get(lines.size() - 1));
  }

  /** How many (subscriber, document) pairs are not on the final version. */
  private static long behind(JsonObject report, Map<String, Long> finals) {
    JsonObject versions = report.getJsonObject("versions");
    long behind = 0;
    for (String id : versions.keySet()) {
      JsonArray held = versions.getJsonArray(id);
      for (JsonValue version : held) {
        if (version.getValueType() != JsonValue.ValueType.NUMBER
            || ((JsonNumber) version).longValue() != finals.get(id)) {
          behind++;
        }
      }
    }
    System.out.println(
        "RollingRestartIT (subscriber, document) pairs not on the final version: " + behind);
    return behind;
  }
}
