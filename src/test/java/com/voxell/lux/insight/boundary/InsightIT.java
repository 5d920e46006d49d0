package com.voxell.lux.insight.boundary;

import static com.voxell.lux.support.Lux.get;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.patch;
import static com.voxell.lux.support.Lux.put;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Derived values, the timeline, stalled jobs and the roll-up, over HTTP on a real Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InsightIT {

  private static final String KEY = TestKeys.ADMIN;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war();
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> rollup(String prefix, String key) {
    return send(request("/rollup" + (prefix == null ? "" : "?prefix=" + prefix), key).GET());
  }

  @Test
  void getCarriesRateAndEtaUnderDerivedAndLeavesDataAlone() throws Exception {
    String id = fresh("workflow-eta-");
    put(id, "{\"data\":{\"status\":\"fetching\",\"progress\":10}}", KEY);
    Thread.sleep(50); // two writes must be apart in time for a rate; nothing to await here
    put(id, "{\"data\":{\"status\":\"fetching\",\"progress\":20}}", KEY);

    JsonObject body = json(get(id, KEY));
    assertThat(body.getJsonObject("data").toString())
        .isEqualTo("{\"status\":\"fetching\",\"progress\":20}");
    JsonObject derived = body.getJsonObject("derived");
    assertThat(derived.getBoolean("stalled")).isFalse();
    assertThat(derived.getJsonNumber("rate").doubleValue()).isPositive();
    assertThat(Instant.parse(derived.getString("eta")))
        .isAfter(Instant.parse(body.getString("updatedAt")));
    assertThat(derived.containsKey("timeline")).isFalse();

    JsonObject listed =
        json(send(request("/?prefix=" + id, KEY).GET())).getJsonArray("items").getJsonObject(0);
    assertThat(listed.getJsonObject("derived").getString("eta"))
        .isEqualTo(derived.getString("eta"));
  }

  @Test
  void noEtaWhileProgressIsFlatOrUnknown() {
    String id = fresh("workflow-flat-");
    put(id, "{\"data\":{\"progress\":30}}", KEY);
    put(id, "{\"data\":{\"progress\":30}}", KEY);
    assertThat(json(get(id, KEY)).getJsonObject("derived").containsKey("eta")).isFalse();
    put(id, "{\"data\":{\"progress\":\"soon\"}}", KEY);
    JsonObject derived = json(get(id, KEY)).getJsonObject("derived");
    assertThat(derived.containsKey("eta")).isFalse();
    assertThat(derived.containsKey("rate")).isFalse();
  }

  @Test
  void timelineOnRequestListsEachStepWithItsDuration() {
    String id = fresh("workflow-timeline-");
    put(id, "{\"data\":{\"status\":\"planning\",\"step\":\"plan\"}}", KEY);
    patch(id, "{\"data\":{\"status\":\"fetching\",\"step\":\"fetch\"}}", KEY);
    patch(id, "{\"data\":{\"progress\":40}}", KEY);
    patch(id, "{\"data\":{\"step\":\"parse\"}}", KEY);

    JsonArray timeline =
        json(send(request("/" + id + "?timeline=true", KEY).GET()))
            .getJsonObject("derived")
            .getJsonArray("timeline");
    assertThat(timeline).hasSize(3);
    JsonObject first = timeline.getJsonObject(0);
    assertThat(first.getString("step")).isEqualTo("plan");
    assertThat(first.getString("status")).isEqualTo("planning");
    assertThat(first.getJsonNumber("durationMs").longValue())
        .isEqualTo(
            Duration.between(
                    Instant.parse(first.getString("startedAt")),
                    Instant.parse(first.getString("endedAt")))
                .toMillis());
    assertThat(timeline.getJsonObject(1).getString("step")).isEqualTo("fetch");
    JsonObject open = timeline.getJsonObject(2);
    assertThat(open.getString("step")).isEqualTo("parse");
    assertThat(open.isNull("endedAt")).isTrue();
    assertThat(open.isNull("durationMs")).isTrue();

    assertThat(send(request("/" + id + "?timeline=yes", KEY).GET()).statusCode()).isEqualTo(400);
  }

  @Test
  void aJobWrittenWithoutMovingPastItsStallTimeTurnsStalledAndClearsOnMovement() {
    String id = fresh("workflow-stall-");
    assertThat(
            put(id, "{\"data\":{\"step\":\"fetch\",\"progress\":5},\"stall\":1}", KEY).statusCode())
        .isEqualTo(201);
    put(id, "{\"data\":{\"step\":\"fetch\",\"progress\":5}}", KEY);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> json(get(id, KEY)).getJsonObject("derived").getBoolean("stalled"));
    assertThat(json(get(id, KEY)).getInt("version")).isEqualTo(2);
    assertThat(json(rollup(id, KEY)).getInt("stalled")).isEqualTo(1);

    patch(id, "{\"data\":{\"progress\":6}}", KEY);
    assertThat(json(get(id, KEY)).getJsonObject("derived").getBoolean("stalled")).isFalse();
  }

  @Test
  void aBadStallIsRefusedAndChangesNothing() {
    String id = fresh("workflow-badstall-");
    HttpResponse<String> refused = put(id, "{\"data\":{},\"stall\":-5}", KEY);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(json(refused).getString("detail")).contains("'stall'");
    assertThat(get(id, KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void rollupCountsTheFleetUnderAPrefix() {
    String prefix = fresh("workflow-fleet-") + "-";
    put(prefix + "a", "{\"data\":{\"status\":\"waiting\"}}", KEY);
    put(prefix + "b", "{\"data\":{\"status\":\"waiting\"}}", KEY);
    put(prefix + "c", "{\"data\":{\"status\":\"failed\"}}", KEY);
    put(prefix + "d", "{\"data\":{\"status\":\"fetching\"},\"lease\":1}", KEY);
    put(prefix + "e", "{\"data\":{\"summary\":\"no status\"}}", KEY);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> json(rollup(prefix, KEY)).getInt("stale") == 1);
    HttpResponse<String> answer = rollup(prefix, TestKeys.AGENTS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonObject rollup = json(answer);
    assertThat(rollup.getString("prefix")).isEqualTo(prefix);
    assertThat(rollup.getInt("total")).isEqualTo(5);
    assertThat(rollup.getJsonObject("byStatus").toString())
        .isEqualTo("{\"failed\":1,\"fetching\":1,\"waiting\":2}");
    assertThat(rollup.getInt("waiting")).isEqualTo(2);
    assertThat(rollup.getInt("failed")).isEqualTo(1);
    assertThat(rollup.getInt("stalled")).isZero();
    assertThat(rollup.getString("oldestStale")).isEqualTo(prefix + "d");
    assertThat(rollup.getString("longestWaiting")).isEqualTo(prefix + "a");
  }

  @Test
  void rollupObeysTheCredentialsPrefixes() {
    assertThat(rollup("workflow-", TestKeys.AGENTS).statusCode()).isEqualTo(200);
    assertThat(rollup("workflow-x", TestKeys.READER).statusCode()).isEqualTo(200);
    assertThat(rollup("billing-", TestKeys.AGENTS).statusCode()).isEqualTo(403);
    assertThat(rollup(null, TestKeys.AGENTS).statusCode()).isEqualTo(403);
    assertThat(rollup("workflow-", TestKeys.WRITER).statusCode()).isEqualTo(403);
    assertThat(rollup("workflow-", null).statusCode()).isEqualTo(401);
    assertThat(rollup("-bad", KEY).statusCode()).isEqualTo(400);
    assertThat(json(rollup(null, KEY)).getString("prefix")).isEmpty();
  }

  @Test
  void streamSnapshotsCarryTheTimelineOnRequestAndUpdatesCarryDerived() {
    String prefix = fresh("workflow-stream-") + "-";
    put(prefix + "a", "{\"data\":{\"status\":\"planning\",\"step\":\"plan\"}}", KEY);
    patch(prefix + "a", "{\"data\":{\"status\":\"fetching\",\"step\":\"fetch\"}}", KEY);
    try (StreamClient client = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      client.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\",\"timeline\":true}");
      JsonObject snapshot = client.next("snapshot");
      JsonArray timeline = snapshot.getJsonObject("derived").getJsonArray("timeline");
      assertThat(timeline).hasSize(2);
      assertThat(timeline.getJsonObject(0).getString("step")).isEqualTo("plan");
      client.next("subscribed");

      patch(prefix + "a", "{\"data\":{\"progress\":10}}", KEY);
      JsonObject update = client.next("update");
      assertThat(update.getJsonObject("derived").getBoolean("stalled")).isFalse();
      assertThat(update.getJsonObject("derived").containsKey("timeline")).isFalse();
      assertThat(update.getJsonObject("data").containsKey("derived")).isFalse();

      client.send("{\"op\":\"subscribe\",\"rollup\":\"x\",\"timeline\":true}");
      assertThat(client.next("error").getInt("status")).isEqualTo(400);
    }
  }

  @Test
  void aStalledJobReachesSubscribersAsAnUpdate() {
    String id = fresh("workflow-stallstream-");
    put(id, "{\"data\":{\"progress\":5},\"stall\":1}", KEY);
    put(id, "{\"data\":{\"progress\":5}}", KEY);
    try (StreamClient client = StreamClient.connect("/stream/" + id, KEY)) {
      List<JsonObject> seen =
          client.until(
              message ->
                  message.containsKey("derived")
                      && message.getJsonObject("derived").getBoolean("stalled"));
      JsonObject stalled = seen.get(seen.size() - 1);
      assertThat(stalled.getInt("version")).isEqualTo(2);
    }
  }

  @Test
  void aRollupSubscriptionFollowsTheFleetAndObeysPrefixes() {
    String prefix = fresh("workflow-live-") + "-";
    try (StreamClient client = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      client.send("{\"op\":\"subscribe\",\"rollup\":\"" + prefix + "\"}");
      assertThat(client.next("rollup").getInt("total")).isZero();
      assertThat(client.next("subscribed").getString("rollup")).isEqualTo(prefix);

      put(prefix + "a", "{\"data\":{\"status\":\"waiting\"}}", KEY);
      put(prefix + "b", "{\"data\":{\"status\":\"failed\"}}", KEY);
      List<JsonObject> rollups =
          client.until(m -> "rollup".equals(m.getString("type")) && m.getInt("total") == 2);
      JsonObject last = rollups.get(rollups.size() - 1);
      assertThat(last.getInt("waiting")).isEqualTo(1);
      assertThat(last.getInt("failed")).isEqualTo(1);
      assertThat(last.getString("longestWaiting")).isEqualTo(prefix + "a");

      client.send("{\"op\":\"subscribe\",\"rollup\":\"billing-\"}");
      JsonObject refused = client.next("error");
      assertThat(refused.getInt("status")).isEqualTo(403);
      assertThat(refused.getString("rollup"))
          .as("the error names its roll-up")
          .isEqualTo("billing-");

      client.send("{\"op\":\"unsubscribe\",\"rollup\":\"" + prefix + "\"}");
      client.until(m -> "unsubscribed".equals(m.getString("type")));
      put(prefix + "c", "{\"data\":{\"status\":\"queued\"}}", KEY);
      // unsubscribed: what comes next is the snapshot asked for (RollupFeedTest covers silence)
      client.send("{\"op\":\"subscribe\",\"ids\":[\"" + prefix + "c\"]}");
      assertThat(client.next().getString("type")).isEqualTo("snapshot");
    }
  }
}
