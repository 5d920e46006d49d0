package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Following against a real Lux: reconnecting through a cut connection, a token that expires
 * mid-stream, and a thousand documents under one prefix on one socket.
 */
class ClientFollowingIT {

  private final RunningLux lux = RunningLux.get();
  private final LuxClient writer = lux.client(RunningLux.ADMIN).build();

  @AfterEach
  void close() {
    writer.close();
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject progress(int percent) {
    return Json.createObjectBuilder().add("step", "fetching").add("progress", percent).build();
  }

  @Test
  void aCutConnectionReconnectsAndEndsOnTheNewestStateNeverAnOlderOne() {
    String id = fresh("workflow-cut-");
    writer.put(id, progress(1));
    List<Status> statuses = new CopyOnWriteArrayList<>();
    Recording recording = new Recording();
    try (CuttingProxy proxy = new CuttingProxy(lux.port());
        LuxClient follower =
            LuxClient.builder(proxy.endpoint())
                .apiKey(RunningLux.READER)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .build()) {
      follower.onStatus(statuses::add);
      follower.watch(id, recording);
      recording.await(id, state -> state.version() == 1);

      for (int round = 0; round < 3; round++) {
        proxy.cutAll();
        writer.put(id, progress(10 + round)); // written while the follower is cut off
        long expected = 2 + round;
        recording.await(id, state -> state.version() == expected);
      }
      writer.put(id, progress(99));
      assertThat(recording.await(id, state -> state.version() == 5).progress()).isEqualTo(99);
      assertThat(recording.versions(id)).isSorted().doesNotHaveDuplicates();
      assertThat(statuses).contains(Status.RECONNECTING).endsWith(Status.LIVE);
    }
  }

  @Test
  void aTokenThatExpiresMidStreamIsReplacedByTheSupplierAndUpdatesContinue() throws Exception {
    String id = fresh("workflow-token-");
    writer.put(id, progress(0));
    AtomicInteger minted = new AtomicInteger();
    Recording recording = new Recording();
    try (LuxClient follower =
        LuxClient.builder(lux.endpoint())
            .tokens(
                () -> {
                  minted.incrementAndGet();
                  return mint(3);
                })
            .tokenRefreshMargin(Duration.ofSeconds(1))
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .build()) {
      follower.watch(id, recording);
      recording.await(id, state -> state.version() == 1);
      Instant firstExpired = Instant.now().plusSeconds(3);
      int percent = 0;
      // keep writing (at an agent's pace) until two tokens have expired and been replaced
      while (minted.get() < 3 || Instant.now().isBefore(firstExpired)) {
        writer.put(id, progress(++percent));
        Thread.sleep(300);
        assertThat(percent).as("the supplier was called again in time").isLessThan(100);
      }
      writer.put(id, progress(100));
      long last = writer.get(id).version();
      assertThat(recording.await(id, state -> state.version() == last).progress()).isEqualTo(100);
      assertThat(minted.get()).isGreaterThanOrEqualTo(3);
      assertThat(recording.versions(id)).isSorted();
    }
  }

  /** A read token for every document, {@code seconds} long, minted by the admin key. */
  private Token mint(int seconds) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(lux.endpoint() + "/tokens"))
                      .header("Authorization", "Bearer " + RunningLux.ADMIN)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\":" + seconds + "}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonObject token = JsonText.parse(response.body()).asJsonObject();
      return new Token(token.getString("token"), Instant.parse(token.getString("expiresAt")));
    } catch (Exception e) {
      throw new IllegalStateException("minting a token failed", e);
    }
  }

  @Test
  void aThousandDocumentsUnderOnePrefixFollowedOverOneSocket() {
    String prefix = fresh("fleet-") + "-";
    List<BatchWrite> creations = new ArrayList<>();
    List<BatchWrite> updates = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      creations.add(BatchWrite.put(prefix + i, progress(0), WriteOptions.NONE));
      updates.add(BatchWrite.patch(prefix + i, progress(50), WriteOptions.NONE));
    }
    writer.batch(creations.subList(0, 500));
    int before = connections();
    Recording recording = new Recording();
    try (LuxClient follower = lux.client(RunningLux.READER).build()) {
      follower.watchPrefix(prefix, recording);
      writer.batch(creations.subList(500, 1000)); // half exist before, half are created after
      await().atMost(Duration.ofSeconds(60)).until(() -> recording.states.size() == 1000);
      assertThat(connections()).as("one socket").isEqualTo(before + 1);

      writer.batch(updates);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> recording.states.values().stream().allMatch(s -> s.version() == 2));
      assertThat(recording.states.values()).allMatch(state -> state.progress() == 50);
    }
  }

  private int connections() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(lux.endpoint() + "/admin/stream"))
                      .header("Authorization", "Bearer " + RunningLux.ADMIN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return JsonText.parse(response.body()).asJsonObject().getInt("connections");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
