package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.ClusterNode;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.TestTokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a Lux cluster promises, checked against two running nodes of whichever server a subclass
 * starts: one set of documents whichever node a request hits, changes on every node's subscribers
 * in per-document order, timers once in the cluster, and nothing acknowledged lost when a node is
 * killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterChecks {

  static final String KEY = TestKeys.ADMIN;
  static final Duration BOOT = Duration.ofMinutes(4);

  /** The two nodes, started by the subclass before the checks run. */
  ClusterNode a;

  ClusterNode b;

  /** Stops both nodes and copies their output into the class's report, for the log audit. */
  @AfterAll
  void stopNodes() throws InterruptedException {
    for (ClusterNode node : new ClusterNode[] {a, b}) {
      if (node != null) {
        node.stop();
        System.out.println("===== node " + node.name() + " output =====");
        System.out.println(node.logText());
      }
    }
  }

  static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void writeOnAReachesSubscribersOnBothNodes() {
    String id = fresh("job-live-");
    try (StreamClient onB = b.stream("/stream/" + id, KEY);
        StreamClient onA = a.stream("/stream/" + id, KEY)) {
      onB.next("missing");
      onA.next("missing");
      put(a, id, "{\"data\":{\"step\":\"fetching\"}}");
      for (StreamClient subscriber : List.of(onA, onB)) {
        JsonObject update = subscriber.next("update");
        assertThat(update.getInt("version")).isEqualTo(1);
        assertThat(update.getJsonObject("data").getString("step")).isEqualTo("fetching");
      }
      send(a, "/" + id, "DELETE", null, Map.of());
      assertThat(onB.next("deleted").getString("reason")).isEqualTo("deleted");
      assertThat(onA.next("deleted").getString("reason")).isEqualTo("deleted");
    }
  }

  @Test
  void expiryOnTheOwnerReachesSubscribersOnBothNodesAsExpired() {
    String id = fresh("job-ttl-");
    try (StreamClient onB = b.stream("/stream/" + id, KEY);
        StreamClient onA = a.stream("/stream/" + id, KEY)) {
      onB.next("missing");
      onA.next("missing");
      put(a, id, "{\"data\":{},\"ttl\":1}");
      for (StreamClient subscriber : List.of(onA, onB)) {
        subscriber.next("update");
        assertThat(subscriber.next("deleted").getString("reason")).isEqualTo("expired");
      }
    }
  }

  @Test
  void writeOnAIsServedByB() {
    String id = fresh("job-ab-");
    HttpResponse<String> created = put(a, id, "{\"data\":{\"step\":\"one\"}}");
    assertThat(created.statusCode()).isEqualTo(201);

    HttpResponse<String> read = get(b, id);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject document = Lux.json(read);
    assertThat(document.getInt("version")).isEqualTo(1);
    assertThat(document.getJsonObject("data").getString("step")).isEqualTo("one");
    assertThat(read.headers().firstValue("ETag")).isEqualTo(created.headers().firstValue("ETag"));

    HttpResponse<String> patched = patch(b, id, "{\"data\":{\"progress\":50}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    JsonObject merged = Lux.json(get(a, id));
    assertThat(merged.getInt("version")).isEqualTo(2);
    assertThat(merged.getJsonObject("data").getString("step")).isEqualTo("one");
    assertThat(merged.getJsonObject("data").getInt("progress")).isEqualTo(50);
  }

  @Test
  void aTokenMintedOnAIsAcceptedOnB() {
    String id = fresh("job-token-");
    put(a, id, "{\"data\":{}}");
    HttpResponse<String> minted = send(a, "/tokens", "POST", "{\"scopes\":[\"read\"]}", Map.of());
    assertThat(minted.statusCode()).isEqualTo(201);
    String token = TestTokens.record(Lux.json(minted).getString("token"));
    assertThat(send(b, "/" + id, "GET", null, Map.of(), token).statusCode()).isEqualTo(200);
  }

  @Test
  void prefixSubscriptionOnBSeesCreationsOnA() {
    String prefix = fresh("fleet-") + "-";
    try (StreamClient onB = b.stream("/stream", KEY)) {
      onB.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
      assertThat(onB.next("subscribed").getInt("count")).isZero();
      for (int i = 0; i < 3; i++) {
        put(a, prefix + i, "{\"data\":{\"n\":" + i + "}}");
      }
      List<String> created = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonObject update = onB.next("update");
        assertThat(update.getInt("version")).isEqualTo(1);
        created.add(update.getString("id"));
      }
      assertThat(created).containsExactlyInAnyOrder(prefix + 0, prefix + 1, prefix + 2);
    }
  }

  @Test
  void listingOnBShowsDocumentsCreatedOnA() {
    String prefix = fresh("batch-") + "-";
    for (int i = 0; i < 5; i++) {
      assertThat(put(a, prefix + i, "{\"data\":{\"n\":" + i + "}}").statusCode()).isEqualTo(201);
    }
    JsonObject page = Lux.json(send(b, "?prefix=" + prefix + "&limit=3", "GET", null, Map.of()));
    assertThat(page.getJsonArray("items")).hasSize(3);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(prefix + 0);
    String next = page.getString("next", null);
    assertThat(next).isNotNull();
  }

  @Test
  void deleteOnBRemovesForA() {
    String id = fresh("job-del-");
    put(a, id, "{\"data\":{}}");
    assertThat(send(b, "/" + id, "DELETE", null, Map.of()).statusCode()).isEqualTo(204);
    assertThat(get(a, id).statusCode()).isEqualTo(404);
    assertThat(put(a, id, "{\"data\":{}}").statusCode()).isEqualTo(201);
  }

  @Test
  void concurrentWritersOnBothNodesGetDistinctRisingVersions() throws Exception {
    String id = fresh("job-race-");
    put(a, id, "{\"data\":{\"n\":0}}");
    int writesPerNode = 40;
    long finalVersion = 1 + 2L * writesPerNode;
    StreamClient onA = a.stream("/stream/" + id, KEY);
    StreamClient onB = b.stream("/stream/" + id, KEY);
    onA.next("snapshot");
    onB.next("snapshot");
    List<Long> versions = Collections.synchronizedList(new ArrayList<>());
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ClusterNode node : List.of(a, b)) {
        done.add(
            writers.submit(
                () -> {
                  long last = 0;
                  for (int i = 0; i < writesPerNode; i++) {
                    HttpResponse<String> reply =
                        patch(node, id, "{\"data\":{\"" + node.name() + "\":" + i + "}}");
                    assertThat(reply.statusCode()).isEqualTo(200);
                    long version = Lux.json(reply).getJsonNumber("version").longValue();
                    assertThat(version).isGreaterThan(last);
                    last = version;
                    versions.add(version);
                  }
                  return null;
                }));
      }
      for (Future<?> writer : done) {
        writer.get();
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(versions).doesNotHaveDuplicates().hasSize(2 * writesPerNode);
    for (StreamClient subscriber : List.of(onA, onB)) {
      // conflation may skip states, but never goes back and always ends on the last one
      List<JsonObject> seen =
          subscriber.until(message -> message.getInt("version", 0) == finalVersion);
      List<Integer> seenVersions = seen.stream().map(m -> m.getInt("version")).toList();
      assertThat(seenVersions).isSorted().doesNotHaveDuplicates();
      subscriber.close();
    }
    for (ClusterNode node : List.of(a, b)) {
      JsonObject state = Lux.json(get(node, id));
      assertThat(state.getJsonNumber("version").longValue()).isEqualTo(finalVersion);
      assertThat(state.getJsonObject("data").getInt(a.name())).isEqualTo(writesPerNode - 1);
      assertThat(state.getJsonObject("data").getInt(b.name())).isEqualTo(writesPerNode - 1);
    }
  }

  @Test
  void ifMatchRaceAcrossNodesHasExactlyOneWinner() throws Exception {
    String id = fresh("job-ifmatch-");
    String etag = put(a, id, "{\"data\":{\"round\":0}}").headers().firstValue("ETag").orElseThrow();
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= 10; round++) {
        CountDownLatch go = new CountDownLatch(1);
        String tag = etag;
        String body = "{\"data\":{\"round\":" + round + "}}";
        List<Future<HttpResponse<String>>> replies = new ArrayList<>();
        for (ClusterNode node : List.of(a, b)) {
          replies.add(
              racers.submit(
                  () -> {
                    go.await();
                    return send(node, "/" + id, "PUT", body, Map.of("If-Match", tag));
                  }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> reply : replies) {
          HttpResponse<String> response = reply.get();
          statuses.add(response.statusCode());
          if (response.statusCode() == 200) {
            etag = response.headers().firstValue("ETag").orElseThrow();
          } else {
            assertThat(Lux.json(response).getString("type"))
                .isEqualTo("urn:lux:problem:precondition-failed");
          }
        }
        assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 412);
      }
    } finally {
      racers.shutdownNow();
    }
    assertThat(Lux.json(get(b, id)).getInt("version")).isEqualTo(11);
  }

  @Test
  void writeRateLimitIsSharedByTheNodes() {
    String id = fresh("job-slow-");
    long started = System.nanoTime();
    int accepted = 0;
    for (int i = 0; i < 8; i++) {
      ClusterNode node = i % 2 == 0 ? a : b;
      int status =
          send(node, "/" + id, "PUT", "{\"data\":{\"i\":" + i + "}}", Map.of(), TestKeys.SLOW)
              .statusCode();
      assertThat(status).isIn(200, 201, 429);
      if (status != 429) {
        accepted++;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // 2 writes per second in the whole cluster: a full bucket of 2 plus what refilled meanwhile.
    // Per-node buckets would have let through at least 4.
    assertThat(accepted).isLessThanOrEqualTo(2 + (int) Math.floor(seconds * 2));
    assertThat(accepted).isLessThan(4);
  }

  @Test
  void leaseLapsesOnceAndEachSubscriberGetsOneStale() {
    String id = fresh("job-lease-");
    StreamClient onA = a.stream("/stream/" + id, KEY);
    StreamClient onB = b.stream("/stream/" + id, KEY);
    onA.next("missing");
    onB.next("missing");
    put(a, id, "{\"data\":{\"step\":\"working\"},\"lease\":1}");
    for (StreamClient subscriber : List.of(onA, onB)) {
      subscriber.next("update");
      assertThat(subscriber.next("stale").getInt("version")).isEqualTo(1);
    }
    // Both nodes sweep every 200 ms; a second stale would have to come before this write's update.
    patch(b, id, "{\"data\":{\"step\":\"working again\"}}");
    for (StreamClient subscriber : List.of(onA, onB)) {
      JsonObject update = subscriber.next("update");
      assertThat(update.getInt("version")).isEqualTo(2);
      subscriber.close();
    }
    JsonObject fresh = Lux.json(get(a, id));
    assertThat(fresh.getBoolean("stale")).isFalse();
    assertThat(fresh.getInt("version")).isEqualTo(2);
  }

  @Test
  void renewalsOnBKeepADocumentWrittenOnALiveAndAfterALapseASubscriberOnAGetsRenewed()
      throws InterruptedException {
    String id = fresh("job-renew-");
    put(a, id, "{\"data\":{\"step\":\"waiting\"},\"lease\":4}");
    StreamClient onA = a.stream("/stream/" + id, KEY);
    onA.next("snapshot");
    // renewed every half second for longer than the lease (slack for a busy machine's latency)
    java.time.Instant pastTheLease = java.time.Instant.now().plusSeconds(6);
    while (java.time.Instant.now().isBefore(pastTheLease)) {
      assertThat(send(b, "/" + id + "/lease", "POST", null, Map.of()).statusCode()).isEqualTo(200);
      Thread.sleep(500); // the agent's pace
    }
    JsonObject live = Lux.json(get(a, id));
    assertThat(live.getBoolean("stale")).isFalse();
    assertThat(live.getInt("version")).isEqualTo(1);

    assertThat(onA.next("stale").getInt("version")).as("no update came before").isEqualTo(1);
    assertThat(send(b, "/" + id + "/lease", "POST", null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(onA.next("renewed").getInt("version")).isEqualTo(1);
    onA.close();
  }

  @Test
  void killedNodeLosesNoAcknowledgedWriteAndRejoinsWithTheSameState() throws Exception {
    String prefix = fresh("job-crash-") + "-";
    Map<String, JsonObject> acknowledged = new ConcurrentHashMap<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> reply = put(a, prefix + "a" + i, "{\"data\":{\"i\":" + i + "}}");
      assertThat(reply.statusCode()).isEqualTo(201);
      acknowledged.put(prefix + "a" + i, Lux.json(reply));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch someWritten = new CountDownLatch(10);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<Integer> writes =
        writer.submit(
            () -> {
              int n = 0;
              while (writing.get()) {
                String id = prefix + "b" + n++;
                try {
                  HttpResponse<String> reply = put(b, id, "{\"data\":{\"n\":" + n + "}}");
                  if (reply.statusCode() == 201) {
                    acknowledged.put(id, Lux.json(reply));
                    someWritten.countDown();
                  }
                } catch (RuntimeException unacknowledged) {
                  // A write that failed was never acknowledged; it may or may not have landed.
                }
              }
              return n;
            });
    someWritten.await();
    a.kill();
    int before = acknowledged.size();
    await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= before + 20);
    writing.set(false);
    writes.get();
    writer.shutdownNow();

    Map<String, String> epochs = new HashMap<>();
    for (Map.Entry<String, JsonObject> write : acknowledged.entrySet()) {
      HttpResponse<String> read = get(b, write.getKey());
      assertThat(read.statusCode()).as(write.getKey()).isEqualTo(200);
      JsonObject state = Lux.json(read);
      assertThat(state.getInt("version")).isEqualTo(write.getValue().getInt("version"));
      assertThat(state.getString("epoch")).isEqualTo(write.getValue().getString("epoch"));
      epochs.put(write.getKey(), state.getString("epoch"));
    }

    a.start().awaitReady(BOOT);
    for (Map.Entry<String, String> epoch : epochs.entrySet()) {
      HttpResponse<String> read = get(a, epoch.getKey());
      assertThat(read.statusCode()).as(epoch.getKey()).isEqualTo(200);
      assertThat(Lux.json(read).getString("epoch")).isEqualTo(epoch.getValue());
    }
  }

  static HttpResponse<String> put(ClusterNode node, String id, String body) {
    return send(node, "/" + id, "PUT", body, Map.of());
  }

  static HttpResponse<String> patch(ClusterNode node, String id, String body) {
    return send(
        node, "/" + id, "PATCH", body, Map.of("Content-Type", "application/merge-patch+json"));
  }

  static HttpResponse<String> get(ClusterNode node, String id) {
    return send(node, "/" + id, "GET", null, Map.of());
  }

  static HttpResponse<String> send(
      ClusterNode node, String path, String method, String body, Map<String, String> headers) {
    return send(node, path, method, body, headers, KEY);
  }

  static HttpResponse<String> send(
      ClusterNode node,
      String path,
      String method,
      String body,
      Map<String, String> headers,
      String key) {
    URI uri = node.api(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return Lux.send(request);
  }
}
