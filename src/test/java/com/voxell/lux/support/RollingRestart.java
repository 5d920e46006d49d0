package com.voxell.lux.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Issue 21's rolling restart, whatever server the nodes run: the nodes behind a round-robin {@link
 * DroppingProxy} that routes by readiness, 1,000 subscribers through the JavaScript client
 * (src/test/fault/subscribers.js under Node) and writers at 200 updates/s through the proxy; each
 * node restarted in turn as its server is meant to be. Afterwards every node holds every
 * acknowledged version (or a newer one) and every subscriber is on the final version of every
 * document it follows; how the writes and the upgrades were answered comes back as {@link Answers}.
 * Prints, per restart, the writes accepted and refused and the longest time without an acknowledged
 * write, and the time subscribers were without a socket.
 */
public final class RollingRestart<N extends ClusterNode> {

  private static final String KEY = TestKeys.ADMIN;
  private static final int SUBSCRIBERS = 1000;
  private static final int FOLLOWED_EACH = 2;
  private static final int DOCUMENTS = 200;
  private static final int WRITES_PER_SECOND = 200;

  /**
   * Answers that are real, or a refusal a client can act on. A connection refused or closed without
   * an answer (a stopping node closing a kept-alive connection as a request arrives on it) is no
   * answer, as for {@link Hammer}: the client retries elsewhere. It is counted and printed; what
   * must never come is any other answer. (How long writers went without an acknowledgement is
   * printed per restart.)
   */
  private static final List<String> HONEST_WRITES = List.of("accepted", "refused 503", "no answer");

  private static final List<String> HONEST_UPGRADES =
      List.of("101", "503 application/problem+json", "no answer");

  /**
   * Restarts one node: stops it (drained first, if its server needs that), starts it again and
   * waits until it is back in the cluster.
   */
  @FunctionalInterface
  public interface Restart<N extends ClusterNode> {
    void restart(N node, DroppingProxy proxy) throws Exception;
  }

  private final String test;
  private final List<N> nodes;
  private final Restart<N> restart;

  private RollingRestart(String test, List<N> nodes, Restart<N> restart) {
    this.test = test;
    this.nodes = List.copyOf(nodes);
    this.restart = restart;
  }

  /** How the writes and the subscribers' WebSocket upgrades were answered, by kind of answer. */
  public record Answers(Map<String, Long> writes, Map<String, Long> upgrades) {

    /** Fails unless every answer was the real one or 503 problem+json with Retry-After. */
    public void assertHonest() {
      assertThat(writes.keySet()).as("answers to the writers").isSubsetOf(HONEST_WRITES);
      assertThat(upgrades.keySet())
          .as("answers to the subscribers' upgrades")
          .isSubsetOf(HONEST_UPGRADES);
    }
  }

  /**
   * Runs the rolling restart on {@code nodes}, each restarted in turn by {@code restart}; fails
   * when an acknowledged write was lost or a subscriber did not end on the final versions. Returns
   * how the writes and upgrades were answered (see {@link Answers#assertHonest}).
   */
  public static <N extends ClusterNode> Answers run(String test, List<N> nodes, Restart<N> restart)
      throws Exception {
    return new RollingRestart<>(test, nodes, restart).run();
  }

  private Answers run() throws Exception {
    long setUp = System.nanoTime();
    String prefix = "rolling-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (DroppingProxy proxy =
        new DroppingProxy(
            nodes.stream()
                .map(node -> new DroppingProxy.Backend(node.base().getPort(), node.readiness()))
                .toList())) {
      await("the proxy routes to every node")
          .atMost(Duration.ofSeconds(30))
          .until(() -> nodes.stream().allMatch(node -> proxy.routesTo(node.base().getPort())));
      URI through = URI.create("http://127.0.0.1:" + proxy.port());
      for (String id : ids) {
        assertThat(create(through, id)).as("creating " + id).isEqualTo(201);
      }
      try (ServerProcess subscribers = subscribers(through, prefix)) {
        await("the subscribers have their first states")
            .atMost(Duration.ofMinutes(3))
            .failFast("the subscribers stopped\n" + subscribers.tail(), () -> !subscribers.alive())
            .until(() -> subscribers.log().contains("ready"));
        System.out.printf(
            "%s %d documents and %d subscribers on their first states in %d s%n",
            test, DOCUMENTS, SUBSCRIBERS, Duration.ofNanos(System.nanoTime() - setUp).toSeconds());
        try (AckedWrites writes = new AckedWrites(ids, KEY, 8, WRITES_PER_SECOND, () -> through)) {
          Map<String, Long> outcomes = roll(proxy, writes);
          long settling = System.nanoTime();
          for (N node : nodes) {
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
          Map<String, Long> upgrades = print(report, settling);
          assertThat(report.getInt("live")).isEqualTo(SUBSCRIBERS);
          return new Answers(outcomes, upgrades);
        }
      }
    }
  }

  /**
   * Restarts every node in turn under the writes, then stops the writers; prints and returns how
   * the writes were answered.
   */
  private Map<String, Long> roll(DroppingProxy proxy, AckedWrites writes) throws Exception {
    Map<String, Long> outcomes = new TreeMap<>();
    long rollStart = System.nanoTime();
    for (N node : nodes) {
      long stopping = System.nanoTime();
      restart.restart(node, proxy);
      await(node.name() + " back in the proxy's rotation")
          .atMost(Duration.ofSeconds(30))
          .until(() -> proxy.routesTo(node.base().getPort()));
      String span =
          String.format(
              "%s %s restarted and back in %d ms",
              test, node.name(), Duration.ofNanos(System.nanoTime() - stopping).toMillis());
      writes.report(span).forEach((outcome, n) -> outcomes.merge(outcome, n, Long::sum));
    }
    writes.close();
    writes
        .report(test + " after the last restart")
        .forEach((outcome, n) -> outcomes.merge(outcome, n, Long::sum));
    System.out.printf(
        "%s rolled %d nodes in %d s under writes: %s%n",
        test, nodes.size(), Duration.ofNanos(System.nanoTime() - rollStart).toSeconds(), outcomes);
    return outcomes;
  }

  /** Prints the subscribers' figures; returns the answers to their upgrades. */
  private Map<String, Long> print(JsonObject report, long settling) {
    long[] offline =
        report.getJsonArray("offlineMs").getValuesAs(JsonValue.class).stream()
            .mapToLong(v -> ((JsonNumber) v).longValue())
            .toArray();
    Map<String, Long> upgrades = new TreeMap<>();
    report
        .getJsonObject("upgrades")
        .forEach((answer, n) -> upgrades.put(answer, ((JsonNumber) n).longValue()));
    System.out.printf(
        "%s subscribers (on the final versions %d ms after the writers stopped): %d live of %d;"
            + " without a socket: total %d ms, longest %d ms, %d subscribers ever without one;"
            + " answers to their upgrades %s%n",
        test,
        Duration.ofNanos(System.nanoTime() - settling).toMillis(),
        report.getInt("live"),
        SUBSCRIBERS,
        Arrays.stream(offline).sum(),
        Arrays.stream(offline).max().orElse(0),
        Arrays.stream(offline).filter(ms -> ms > 0).count(),
        upgrades);
    return upgrades;
  }

  private static int create(URI through, String id) throws IOException, InterruptedException {
    HttpRequest create =
        HttpRequest.newBuilder(through.resolve("/api/lux/" + id))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{}}"))
            .build();
    return Lux.HTTP.send(create, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private ServerProcess subscribers(URI through, String prefix) {
    Path script = Path.of("src/test/fault/subscribers.js").toAbsolutePath();
    return ServerProcess.start(
        test + "-subscribers",
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
  private long behind(JsonObject report, Map<String, Long> finals) {
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
    System.out.println(test + " (subscriber, document) pairs not on the final version: " + behind);
    return behind;
  }
}
