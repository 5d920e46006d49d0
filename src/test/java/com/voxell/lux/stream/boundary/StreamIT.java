package com.voxell.lux.stream.boundary;

import static com.voxell.lux.support.Lux.delete;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.EventClient;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live stream's messages on the document socket, the multiplexed socket and Server-Sent Events,
 * and every refusal, against a real Payara Micro.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StreamIT {

  static final String KEY = TestKeys.ADMIN;
  static final String PORTAL = "https://portal.example.com";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war(
        "lux.cors.origins=" + PORTAL,
        "lux.stream.max-connections-per-key=64",
        "lux.stream.max-message-bytes=4096",
        // short heartbeats so their test finishes quickly; pings and the lag bound long enough
        // for the stalled reader (which cannot answer pings) to see the resume path (the 1013
        // path is covered by SubscriptionRegistryTest, pings by SocketSubscriberTest)
        "lux.stream.heartbeat-seconds=2",
        "lux.stream.ping-seconds=120",
        "lux.stream.sse-comment-seconds=2",
        "lux.stream.max-lag-ms=300000");
  }

  static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonObject write(String id, String body) {
    var response = put(id, body, KEY);
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    return json(response);
  }

  static String progress(int percent) {
    return "{\"data\":{\"step\":\"fetching\",\"progress\":" + percent + "}}";
  }

  static long version(JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }

  // --- the document socket ---

  @Test
  void documentSocketSendsSnapshotThenEveryUpdate() {
    String id = fresh("workflow-snap-");
    JsonObject receipt = write(id, progress(10));
    try (StreamClient client = StreamClient.connect("/stream/" + id, KEY)) {
      JsonObject snapshot = client.next("snapshot");
      assertThat(snapshot.getString("id")).isEqualTo(id);
      assertThat(snapshot.getString("epoch")).isEqualTo(receipt.getString("epoch"));
      assertThat(version(snapshot)).isEqualTo(1);
      assertThat(snapshot.getJsonObject("data").getInt("progress")).isEqualTo(10);
      assertThat(snapshot).containsKeys("updatedAt", "writer", "stale", "expiresAt");

      write(id, progress(20));
      JsonObject update = client.next("update");
      assertThat(version(update)).isEqualTo(2);
      assertThat(update.getJsonObject("data").getInt("progress")).isEqualTo(20);
      assertThat(update.getString("writer")).isEqualTo("admin");
    }
  }

  @Test
  void subscriberBeforeTheFirstWriteGetsMissingThenTheUpdate() {
    String id = fresh("workflow-later-");
    try (StreamClient client = StreamClient.connectWithToken("/stream/" + id, KEY)) {
      assertThat(client.next("missing").getString("id")).isEqualTo(id);
      write(id, progress(1));
      JsonObject update = client.next("update");
      assertThat(version(update)).isEqualTo(1);
    }
  }

  @Test
  void staleAfterLeaseLapsesThenDeletedThenExpired() {
    String id = fresh("workflow-lease-");
    try (StreamClient client = StreamClient.connect("/stream/" + id, KEY)) {
      client.next("missing");
      write(id, "{\"data\":{\"step\":\"x\"},\"lease\":1}");
      assertThat(version(client.next("update"))).isEqualTo(1);
      JsonObject stale = client.next("stale");
      assertThat(stale.getString("id")).isEqualTo(id);
      assertThat(version(stale)).isEqualTo(1);
      assertThat(stale).containsKey("epoch");

      assertThat(delete(id, KEY).statusCode()).isEqualTo(204);
      assertThat(client.next("deleted").getString("reason")).isEqualTo("deleted");

      write(id, "{\"data\":{\"step\":\"y\"},\"ttl\":1}");
      client.next("update");
      JsonObject expired = client.next("deleted");
      assertThat(expired.getString("reason")).isEqualTo("expired");
      assertThat(expired.getString("id")).isEqualTo(id);
    }
  }

  // --- the multiplexed socket ---

  @Test
  void idsSubscriptionAnswersSnapshotsOrMissingThenSubscribed() {
    String present = fresh("workflow-a-");
    String absent = fresh("workflow-b-");
    write(present, progress(5));
    try (StreamClient client = StreamClient.connect("/stream", KEY)) {
      client.send("{\"op\":\"subscribe\",\"ids\":[\"" + present + "\",\"" + absent + "\"]}");
      List<JsonObject> first = List.of(client.next(), client.next());
      assertThat(first)
          .extracting(m -> m.getString("type") + ":" + m.getString("id"))
          .containsExactlyInAnyOrder("snapshot:" + present, "missing:" + absent);
      JsonObject subscribed = client.next("subscribed");
      assertThat(subscribed.getJsonArray("ids")).hasSize(2);
      assertThat(subscribed.getInt("count")).isEqualTo(1);

      write(absent, progress(7));
      assertThat(client.next("update").getString("id")).isEqualTo(absent);
      write(present, progress(8));
      assertThat(version(client.next("update"))).isEqualTo(2);

      client.send("{\"op\":\"unsubscribe\",\"ids\":[\"" + present + "\"]}");
      client.next("unsubscribed");
      write(present, progress(9));
      write(absent, progress(9));
      JsonObject after = client.next("update");
      assertThat(after.getString("id")).isEqualTo(absent);
    }
  }

  @Test
  void prefixSubscriptionSeesSnapshotsCreationsDeletionsAndExpiries() {
    String prefix = fresh("agent-run-") + "-";
    write(prefix + "1", progress(1));
    write(prefix + "2", progress(2));
    try (StreamClient client = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      client.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
      assertThat(List.of(client.next("snapshot"), client.next("snapshot")))
          .extracting(m -> m.getString("id"))
          .containsExactlyInAnyOrder(prefix + "1", prefix + "2");
      JsonObject subscribed = client.next("subscribed");
      assertThat(subscribed.getString("prefix")).isEqualTo(prefix);
      assertThat(subscribed.getInt("count")).isEqualTo(2);

      write(prefix + "3", "{\"data\":{\"step\":\"new\"},\"ttl\":1}");
      assertThat(client.next("update").getString("id")).isEqualTo(prefix + "3");
      delete(prefix + "1", KEY);
      JsonObject deleted = client.next("deleted");
      assertThat(deleted.getString("id")).isEqualTo(prefix + "1");
      assertThat(deleted.getString("reason")).isEqualTo("deleted");
      JsonObject expired = client.next("deleted");
      assertThat(expired.getString("id")).isEqualTo(prefix + "3");
      assertThat(expired.getString("reason")).isEqualTo("expired");
      write(fresh("workflow-elsewhere-"), progress(1));
      write(prefix + "2", progress(3));
      assertThat(client.next("update").getString("id")).isEqualTo(prefix + "2");
    }
  }

  // --- Server-Sent Events ---

  @Test
  void eventsCarryTheSameMessages() {
    String id = fresh("workflow-sse-");
    try (EventClient events = EventClient.open("/" + id, KEY)) {
      assertThat(events.status()).isEqualTo(200);
      assertThat(events.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(events.header("Content-Type")).startsWith("text/event-stream");
      assertThat(events.next("missing").getString("id")).isEqualTo(id);
      write(id, "{\"data\":{\"step\":\"x\"},\"lease\":1}");
      assertThat(version(events.next("update"))).isEqualTo(1);
      assertThat(events.next("stale").getString("id")).isEqualTo(id);
      delete(id, KEY);
      assertThat(events.next("deleted").getString("reason")).isEqualTo("deleted");
      write(id, "{\"data\":{\"step\":\"y\"},\"ttl\":1}");
      events.next("update");
      assertThat(events.next("deleted").getString("reason")).isEqualTo("expired");
    }
    try (EventClient events = EventClient.open("/" + id + "?access_token=" + KEY, null)) {
      events.next("missing");
    }
  }

  @Test
  void quietSocketsGetHeartbeatsAndSseCommentLines() throws Exception {
    String id = fresh("workflow-quiet-");
    try (StreamClient client = StreamClient.connect("/stream/" + id, KEY);
        EventClient events = EventClient.open("/" + id, KEY)) {
      client.next("missing");
      events.next("missing");
      await().atMost(Duration.ofSeconds(20)).until(() -> client.heartbeats() > 0);
      assertThat(events.comment()).startsWith(":");
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void eventsByPrefixSendSnapshotsThenSubscribedThenChanges() {
    String prefix = fresh("workflow-ssep-") + "-";
    write(prefix + "1", progress(1));
    try (EventClient events = EventClient.open("?prefix=" + prefix, KEY)) {
      assertThat(events.next("snapshot").getString("id")).isEqualTo(prefix + "1");
      assertThat(events.next("subscribed").getInt("count")).isEqualTo(1);
      write(prefix + "2", progress(2));
      assertThat(events.next("update").getString("id")).isEqualTo(prefix + "2");
    }
  }

  @Test
  void eventsRefuseLikeHttp() {
    var noKey = Lux.send(Lux.request("/events/workflow-x", null).GET());
    assertThat(noKey.statusCode()).isEqualTo(401);
    var outside = Lux.send(Lux.request("/events/other-x", TestKeys.AGENTS).GET());
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    var prefixOutside = Lux.send(Lux.request("/events?prefix=other-", TestKeys.AGENTS).GET());
    assertThat(prefixOutside.statusCode()).isEqualTo(403);
    var noPrefix = Lux.send(Lux.request("/events", KEY).GET());
    assertThat(noPrefix.statusCode()).isEqualTo(400);
  }

  // --- refusals ---

  @Test
  void unknownKeyGetsAnErrorThenClose1008() {
    try (StreamClient client = StreamClient.connect("/stream/workflow-x", "not-a-key")) {
      assertThat(client.next("error").getInt("status")).isEqualTo(401);
      assertThat(client.closeCode()).isEqualTo(1008);
    }
    try (StreamClient client = StreamClient.connect("/stream", null)) {
      assertThat(client.next("error").getInt("status")).isEqualTo(401);
      assertThat(client.closeCode()).isEqualTo(1008);
    }
  }

  @Test
  void keyOutsideItsPrefixesIsRefused() {
    try (StreamClient client = StreamClient.connect("/stream/other-job", TestKeys.AGENTS)) {
      JsonObject error = client.next("error");
      assertThat(error.getInt("status")).isEqualTo(403);
      assertThat(error.getString("detail")).contains("other-job");
      assertThat(client.closeCode()).isEqualTo(1008);
    }
    try (StreamClient client = StreamClient.connect("/stream/workflow-x", TestKeys.WRITER)) {
      assertThat(client.next("error").getInt("status")).isEqualTo(403);
      assertThat(client.closeCode()).isEqualTo(1008);
    }
    try (StreamClient client = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      client.send("{\"op\":\"subscribe\",\"prefix\":\"other-\"}");
      assertThat(client.next("error").getInt("status")).isEqualTo(403);
      client.send("{\"op\":\"subscribe\",\"ids\":[\"workflow-ok\",\"other-no\"]}");
      assertThat(client.next("error").getString("detail")).contains("other-no");
      client.send("{\"op\":\"subscribe\",\"ids\":[\"workflow-ok\"]}");
      client.next("missing");
      client.next("subscribed");
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void originIsCheckedAgainstTheAllowList() {
    try (StreamClient client =
        StreamClient.connect("/stream/workflow-o", KEY, "https://evil.example.com", false)) {
      JsonObject error = client.next("error");
      assertThat(error.getInt("status")).isEqualTo(403);
      assertThat(error.getString("detail")).contains("evil.example.com");
      assertThat(client.closeCode()).isEqualTo(1008);
    }
    try (StreamClient client = StreamClient.connect("/stream/workflow-o", KEY, PORTAL, false)) {
      client.next("missing");
    }
    String own = "http://127.0.0.1:" + Lux.port();
    try (StreamClient client = StreamClient.connect("/stream/workflow-o", KEY, own, false)) {
      client.next("missing");
    }
  }

  @Test
  void malformedMessagesGetAnErrorAndTheSocketStaysUsable() {
    try (StreamClient client = StreamClient.connect("/stream", KEY)) {
      for (String bad :
          List.of(
              "not json",
              "[1,2]",
              "{\"op\":\"dance\",\"ids\":[\"a\"]}",
              "{\"op\":\"subscribe\"}",
              "{\"op\":\"subscribe\",\"ids\":[\"a\"],\"prefix\":\"a\"}",
              "{\"op\":\"subscribe\",\"ids\":[]}",
              "{\"op\":\"subscribe\",\"ids\":[\"bad id!\"]}",
              "{\"op\":\"subscribe\",\"prefix\":7}",
              "{\"op\":\"subscribe\",\"ids\":[\"a\"],\"extra\":1}")) {
        client.send(bad);
        JsonObject error = client.next("error");
        assertThat(error.getInt("status")).as(bad).isEqualTo(400);
        assertThat(error.getString("title")).isNotBlank();
        assertThat(error.getString("detail")).isNotBlank();
      }
      String id = fresh("workflow-after-");
      client.send("{\"op\":\"subscribe\",\"ids\":[\"" + id + "\"]}");
      client.next("missing");
      client.next("subscribed");
    }
  }

  @Test
  void oversizedClientMessageClosesWith1009() {
    try (StreamClient client = StreamClient.connect("/stream", KEY)) {
      client.send("{\"op\":\"subscribe\",\"prefix\":\"" + "a".repeat(5000) + "\"}");
      assertThat(client.next("error").getInt("status")).isEqualTo(413);
      assertThat(client.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void tooManyConnectionsForOneKeyAreRefusedWith1013() {
    List<StreamClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        StreamClient client = StreamClient.connect("/stream/workflow-limit", TestKeys.HASHED);
        client.next("missing");
        clients.add(client);
      }
      try (StreamClient extra = StreamClient.connect("/stream/workflow-limit", TestKeys.HASHED)) {
        assertThat(extra.next("error").getInt("status")).isEqualTo(503);
        assertThat(extra.closeCode()).isEqualTo(1013);
      }
    } finally {
      clients.forEach(StreamClient::close);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              try (StreamClient again =
                  StreamClient.connect("/stream/workflow-limit", TestKeys.HASHED)) {
                again.next("missing");
              }
            });
  }

  // --- order, slow readers, leaks ---

  static JsonObject registry() {
    var response = Lux.send(Lux.request("/admin/stream", KEY).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  @Test
  void adminCountsNeedTheAdminScope() {
    assertThat(Lux.send(Lux.request("/admin/stream", TestKeys.READER).GET()).statusCode())
        .isEqualTo(403);
    assertThat(registry())
        .containsKeys("connections", "subscriptions", "registrations", "pending", "queued");
  }

  @Test
  void concurrentWritersNeverShowASubscriberAnOlderState() throws Exception {
    String id = fresh("workflow-race-");
    write(id, progress(0));
    int writers = 20;
    int writesEach = 25;
    long last = 1 + (long) writers * writesEach;
    List<StreamClient> subscribers = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        StreamClient client = StreamClient.connect("/stream/" + id, KEY);
        client.next("snapshot");
        subscribers.add(client);
      }
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int n = w;
        threads.add(
            started(
                () -> {
                  for (int i = 0; i < writesEach; i++) {
                    write(id, progress(n));
                  }
                }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      for (StreamClient client : subscribers) {
        List<JsonObject> seen = client.until(m -> version(m) == last);
        long previous = 1;
        for (JsonObject message : seen) {
          assertThat(message.getString("type")).isEqualTo("update");
          assertThat(version(message)).isGreaterThan(previous);
          previous = version(message);
        }
      }
    } finally {
      subscribers.forEach(StreamClient::close);
    }
  }

  @Test
  void readerThatStopsReadingNeverSlowsWritersAndResumesOnTheNewestState() throws Exception {
    String id = fresh("workflow-stall-");
    String padding = "x".repeat(4000);
    write(id, "{\"data\":{\"n\":0,\"pad\":\"" + padding + "\"}}");
    try (StreamClient reader = StreamClient.connect("/stream/" + id, KEY)) {
      reader.next("snapshot");
      writeConcurrently(id, padding, 1000, 4); // warm-up, not measured
      long[] baseline = writeConcurrently(id, padding, 2000, 4);
      reader.until(m -> version(m) == 3001);

      reader.pause();
      List<Long> pendingSeen = new ArrayList<>();
      Thread sampler =
          started(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  pendingSeen.add(registry().getJsonNumber("pending").longValue());
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      long[] stalled = writeConcurrently(id, padding, 10000, 4);
      sampler.interrupt();
      sampler.join();
      long finalVersion = 13001;

      long baselineP99 = percentile(baseline, 99);
      long stalledP99 = percentile(stalled, 99);
      System.out.printf(
          "writer p99 without a stalled reader %.2f ms, with one %.2f ms; pending samples %s%n",
          baselineP99 / 1e6, stalledP99 / 1e6, pendingSeen);
      assertThat(stalledP99).isLessThan(3 * baselineP99 + 25_000_000L);
      // conflation: the stalled reader never holds more than one unsent state of its document
      assertThat(pendingSeen).isNotEmpty().allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(1));
      assertThat(pendingSeen).as("the reader really fell behind").contains(1L);

      reader.resume();
      List<JsonObject> seen =
          reader.until(m -> m.getString("type").equals("update") && version(m) == finalVersion);
      long previous = 3001;
      for (JsonObject message : seen) {
        assertThat(version(message)).isGreaterThan(previous);
        previous = version(message);
      }
      assertThat(seen.size()).isLessThan(10000);
    }
  }

  @Test
  void aClientThatAsksForBatchesCatchesUpWithArraysOfMessagesInOrder() {
    String prefix = fresh("workflow-frames-");
    try (StreamClient batching = StreamClient.connect("/stream?batch=1", KEY);
        StreamClient plain = StreamClient.connect("/stream", KEY)) {
      for (StreamClient client : List.of(batching, plain)) {
        client.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
        client.next("subscribed");
        client.pause();
      }
      // big states until the paused sockets back up and states wait in their outboxes
      String padding = "x".repeat(30_000);
      int written = 0;
      while (registry().getJsonNumber("pending").longValue() < 40 && written < 6000) {
        writeBatch(prefix, written, 40, padding);
        written += 40;
      }
      writeBatch(prefix, written, 200, ""); // small ones, which batch well
      written += 200;
      writeBatch(prefix, 0, 1, ""); // the first document again: version 2
      batching.resume();
      plain.resume();

      for (StreamClient client : List.of(batching, plain)) {
        java.util.Map<String, Long> last = new java.util.HashMap<>();
        int documents = written;
        client.until(
            m -> {
              String id = m.getString("id");
              Long before = last.put(id, version(m));
              assertThat(before == null || before < version(m)).as(id).isTrue();
              return last.size() == documents && last.get(prefix + 0) == 2;
            });
      }
      assertThat(batching.frameSizes()).anyMatch(size -> size > 1).allMatch(size -> size <= 500);
      assertThat(plain.frameSizes()).allMatch(size -> size == 1);
    }
  }

  /** {@code count} documents {@code prefix + first …} in one batch call. */
  static void writeBatch(String prefix, int first, int count, String padding) {
    StringBuilder body = new StringBuilder("{\"writes\":[");
    for (int i = first; i < first + count; i++) {
      body.append(i > first ? "," : "")
          .append("{\"id\":\"")
          .append(prefix)
          .append(i)
          .append("\",\"op\":\"put\",\"data\":{\"n\":")
          .append(i)
          .append(",\"pad\":\"")
          .append(padding)
          .append("\"}}");
    }
    var response =
        Lux.send(
            Lux.request("/batch", KEY)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body + "]}")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("problem");
  }

  static long[] writeConcurrently(String id, String padding, int total, int threads)
      throws InterruptedException {
    long[] latencies = new long[total];
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          started(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                  long start = System.nanoTime();
                  write(id, "{\"data\":{\"n\":" + i + ",\"pad\":\"" + padding + "\"}}");
                  latencies[i] = System.nanoTime() - start;
                }
              }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return latencies;
  }

  static long percentile(long[] values, int percent) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
  }

  @Test
  void subscribeCyclesAndAbruptDisconnectsLeaveTheRegistryEmpty() {
    String prefix = fresh("workflow-cycle-") + "-";
    write(prefix + "1", progress(1));
    try (StreamClient client = StreamClient.connect("/stream", KEY)) {
      for (int i = 0; i < 1000; i++) {
        if (i % 2 == 0) {
          client.send(
              "{\"op\":\"subscribe\",\"ids\":[\"" + prefix + "1\",\"" + prefix + i + "\"]}");
        } else {
          client.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
        }
        client.until(m -> m.getString("type").equals("subscribed"));
        if (i % 2 == 0) {
          client.send(
              "{\"op\":\"unsubscribe\",\"ids\":[\"" + prefix + "1\",\"" + prefix + i + "\"]}");
        } else {
          client.send("{\"op\":\"unsubscribe\",\"prefix\":\"" + prefix + "\"}");
        }
        client.until(m -> m.getString("type").equals("unsubscribed"));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(registry().getJsonNumber("registrations").longValue()).isZero());
    }
    for (int i = 0; i < 100; i++) {
      StreamClient client =
          i % 2 == 0
              ? StreamClient.connect("/stream/" + prefix + "1", KEY)
              : StreamClient.connect("/stream", KEY);
      if (i % 2 == 0) {
        client.next("snapshot");
      } else {
        client.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
        client.until(m -> m.getString("type").equals("subscribed"));
      }
      client.abort();
    }
    for (int i = 0; i < 20; i++) {
      try (EventClient events =
          i % 2 == 0
              ? EventClient.open("/" + prefix + "1", KEY)
              : EventClient.open("?prefix=" + prefix, KEY)) {
        events.next("snapshot");
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject counts = registry();
              assertThat(counts.getJsonNumber("connections").longValue()).isZero();
              assertThat(counts.getJsonNumber("subscriptions").longValue()).isZero();
              assertThat(counts.getJsonNumber("registrations").longValue()).isZero();
              assertThat(counts.getJsonNumber("pending").longValue()).isZero();
            });
  }

  static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }
}
