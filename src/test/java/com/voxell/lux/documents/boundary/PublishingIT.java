package com.voxell.lux.documents.boundary;

import static com.voxell.lux.support.Lux.get;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.put;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * High-rate publishing against a real Payara Micro: the batch call and writes over the multiplexed
 * socket, and what subscribers see of both.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PublishingIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war("lux.batch.max-writes=50", "lux.batch.max-bytes=100000");
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static HttpResponse<String> batch(String body, String key) {
    return send(
        request("/batch", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void batchAppliesEachWriteOnItsOwnAndAnswersInOrder() {
    String a = fresh("workflow-batch-");
    String b = fresh("agent-run-batch-");
    String outside = fresh("billing-");
    String etag =
        put(b, "{\"data\":{\"step\":\"queued\"}}", TestKeys.AGENTS)
            .headers()
            .firstValue("ETag")
            .orElseThrow();
    String stale = etag.replace(".1\"", ".7\"");

    HttpResponse<String> response =
        batch(
            "{\"writes\":["
                + "{\"id\":\""
                + a
                + "\",\"op\":\"put\",\"data\":{\"step\":\"fetching\",\"progress\":10}},"
                + "{\"id\":\"bad id!\",\"op\":\"put\",\"data\":{}},"
                + "{\"id\":\""
                + b
                + "\",\"op\":\"patch\",\"data\":{\"step\":\"planning\"},\"ifMatch\":"
                + jsonString(stale)
                + "},"
                + "{\"id\":\""
                + outside
                + "\",\"op\":\"put\",\"data\":{\"step\":\"x\"}},"
                + "{\"id\":\""
                + a
                + "\",\"op\":\"patch\",\"data\":{\"progress\":20}},"
                + "{\"id\":\""
                + b
                + "\",\"op\":\"patch\",\"data\":{\"progress\":5},\"ifMatch\":"
                + jsonString(etag)
                + "}"
                + "]}",
            TestKeys.AGENTS);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray results = json(response).getJsonArray("results");
    assertThat(results).hasSize(6);
    assertResult(results.getJsonObject(0), a, 201);
    assertThat(results.getJsonObject(0).getInt("version")).isEqualTo(1);
    assertProblem(results.getJsonObject(1), "bad id!", 400, "urn:lux:problem:invalid-request");
    assertProblem(results.getJsonObject(2), b, 412, "urn:lux:problem:precondition-failed");
    assertProblem(results.getJsonObject(3), outside, 403, "urn:lux:problem:forbidden");
    assertResult(results.getJsonObject(4), a, 200);
    assertThat(results.getJsonObject(4).getInt("version")).isEqualTo(2);
    assertThat(results.getJsonObject(4).getString("epoch"))
        .isEqualTo(results.getJsonObject(0).getString("epoch"));
    assertResult(results.getJsonObject(5), b, 200);
    assertThat(results.getJsonObject(5).getInt("version")).isEqualTo(2);

    JsonObject stateA = json(get(a, TestKeys.AGENTS));
    assertThat(stateA.getJsonObject("data").toString())
        .isEqualTo("{\"step\":\"fetching\",\"progress\":20}");
    assertThat(stateA.getString("writer")).isEqualTo("agents");
    assertThat(json(get(b, TestKeys.AGENTS)).getJsonObject("data").toString())
        .isEqualTo("{\"step\":\"queued\",\"progress\":5}");
    assertThat(get(outside, TestKeys.ADMIN).statusCode()).isEqualTo(404);
    assertThat(get("bad id!".replace(" ", "%20"), TestKeys.ADMIN).statusCode()).isEqualTo(400);
  }

  @Test
  void batchDeletesAndReportsMissingDocuments() {
    String id = fresh("workflow-gone-");
    put(id, "{\"data\":{}}", TestKeys.AGENTS);
    JsonArray results =
        json(batch(
                "{\"writes\":[{\"id\":\""
                    + id
                    + "\",\"op\":\"delete\"},{\"id\":\""
                    + id
                    + "\",\"op\":\"delete\"}]}",
                TestKeys.AGENTS))
            .getJsonArray("results");
    assertResult(results.getJsonObject(0), id, 204);
    assertProblem(results.getJsonObject(1), id, 404, "urn:lux:problem:not-found");
    assertThat(get(id, TestKeys.AGENTS).statusCode()).isEqualTo(404);
  }

  @Test
  void batchesThatCannotBeReadAreRefusedWhole() {
    DocumentsIT.assertProblem(batch("{\"writes\":", TestKeys.AGENTS), 400);
    DocumentsIT.assertProblem(batch("{\"updates\":[]}", TestKeys.AGENTS), 400);
    DocumentsIT.assertProblem(batch("{\"writes\":{}}", TestKeys.AGENTS), 400);
    String tooMany = "{\"id\":\"workflow-x\",\"op\":\"delete\"},".repeat(51);
    DocumentsIT.assertProblem(
        batch("{\"writes\":[" + tooMany.substring(0, tooMany.length() - 1) + "]}", TestKeys.AGENTS),
        413);
    String big = "x".repeat(100_001);
    DocumentsIT.assertProblem(
        batch(
            "{\"writes\":[{\"id\":\"workflow-big\",\"op\":\"put\",\"data\":{\"a\":\""
                + big
                + "\"}}]}",
            TestKeys.AGENTS),
        413);
    DocumentsIT.assertProblem(batch("{\"writes\":[]}", TestKeys.READER), 403);
    DocumentsIT.assertProblem(batch("{\"writes\":[]}", null), 401);
    DocumentsIT.assertProblem(
        send(
            request("/batch", TestKeys.AGENTS)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writes\":[]}"))),
        415);
    assertThat(get("workflow-big", TestKeys.AGENTS).statusCode()).isEqualTo(404);
  }

  @Test
  void rateLimitedWritesOfABatchSayWhenToRetry() {
    String id = fresh("workflow-slow-");
    String write = "{\"id\":\"" + id + "\",\"op\":\"put\",\"data\":{}}";
    JsonArray results =
        json(batch("{\"writes\":[" + write + "," + write + "," + write + "]}", TestKeys.SLOW))
            .getJsonArray("results");
    assertThat(results.getJsonObject(0).getInt("status")).isEqualTo(201);
    assertThat(results.getJsonObject(1).getInt("status")).isEqualTo(200);
    assertProblem(results.getJsonObject(2), id, 429, "urn:lux:problem:rate-limited");
    assertThat(results.getJsonObject(2).getInt("retryAfter")).isPositive();
  }

  @Test
  void onlyTheAppliedWritesOfABatchReachSubscribers() {
    String a = fresh("workflow-seen-");
    String b = fresh("agent-run-seen-");
    String outside = fresh("billing-seen-");
    String sentinel = fresh("workflow-sentinel-");
    String etag =
        put(b, "{\"data\":{\"step\":\"queued\"}}", TestKeys.AGENTS)
            .headers()
            .firstValue("ETag")
            .orElseThrow();
    try (StreamClient subscriber = StreamClient.connect("/stream", TestKeys.ADMIN)) {
      subscriber.send(
          "{\"op\":\"subscribe\",\"ids\":[\""
              + a
              + "\",\""
              + b
              + "\",\""
              + outside
              + "\",\""
              + sentinel
              + "\"]}");
      subscriber.until(message -> message.getString("type").equals("subscribed"));

      JsonArray results =
          json(batch(
                  "{\"writes\":["
                      + write(a, "put", "{\"progress\":10}", null)
                      + ","
                      + write("bad id!", "put", "{}", null)
                      + ","
                      + write(b, "patch", "{\"step\":\"planning\"}", etag.replace(".1\"", ".9\""))
                      + ","
                      + write(outside, "put", "{\"step\":\"x\"}", null)
                      + ","
                      + write(a, "patch", "{\"progress\":20}", null)
                      + ","
                      + write(b, "patch", "{\"progress\":5}", etag)
                      + "]}",
                  TestKeys.AGENTS))
              .getJsonArray("results");
      assertThat(results.stream().map(r -> r.asJsonObject().getInt("status")))
          .containsExactly(201, 400, 412, 403, 200, 200);
      put(sentinel, "{\"data\":{}}", TestKeys.ADMIN);

      List<JsonObject> seen = subscriber.until(m -> sentinel.equals(m.getString("id", null)));
      Set<String> applied = Set.of(a + " 1", a + " 2", b + " 2", sentinel + " 1");
      Map<String, JsonObject> last = new HashMap<>();
      for (JsonObject message : seen) {
        assertThat(message.getString("type")).as(message.toString()).isEqualTo("update");
        assertThat(applied).contains(message.getString("id") + " " + message.getInt("version"));
        last.put(message.getString("id"), message);
      }
      assertThat(last.keySet()).containsExactlyInAnyOrder(a, b, sentinel);
      assertThat(last.get(a).getJsonObject("data").toString()).isEqualTo("{\"progress\":20}");
      assertThat(last.get(b).getJsonObject("data").toString())
          .isEqualTo("{\"step\":\"queued\",\"progress\":5}");
      assertThat(last.get(a).getString("writer")).isEqualTo("agents");
    }
  }

  @Test
  void socketWritesAreAnsweredInOrderWithTheirRef() {
    String id = fresh("workflow-socket-");
    try (StreamClient writer = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      writer.send(
          "{\"op\":\"put\",\"id\":\""
              + id
              + "\",\"data\":{\"step\":\"plan\"},\"lease\":60,\"ref\":1}");
      writer.send(
          "{\"op\":\"patch\",\"id\":\"" + id + "\",\"data\":{\"progress\":50},\"ref\":\"two\"}");
      writer.send("{\"op\":\"put\",\"id\":\"billing-1\",\"data\":{},\"ref\":3}");
      writer.send("{\"op\":\"put\",\"id\":\"bad id\",\"data\":{},\"ref\":4}");
      writer.send("{\"op\":\"patch\",\"id\":\"" + id + "\",\"data\":[],\"ref\":5}");
      writer.send("{\"op\":\"upsert\",\"id\":\"" + id + "\",\"data\":{},\"ref\":6}");
      writer.send(
          "{\"op\":\"patch\",\"id\":\"" + id + "\",\"data\":{},\"ifMatch\":\"zz.1\",\"ref\":7}");

      JsonObject first = writer.next("ack");
      assertThat(first.getInt("ref")).isEqualTo(1);
      assertThat(first.getString("id")).isEqualTo(id);
      assertThat(first.getInt("status")).isEqualTo(201);
      assertThat(first.getInt("version")).isEqualTo(1);
      assertThat(first.getString("updatedAt")).isNotBlank();
      JsonObject second = writer.next("ack");
      assertThat(second.getString("ref")).isEqualTo("two");
      assertThat(second.getInt("version")).isEqualTo(2);
      assertThat(second.getString("epoch")).isEqualTo(first.getString("epoch"));
      assertError(writer.next("error"), 3, 403);
      assertError(writer.next("error"), 4, 400);
      assertError(writer.next("error"), 5, 400);
      JsonObject unknownOp = writer.next("error");
      assertThat(unknownOp.getInt("status")).isEqualTo(400);
      assertThat(unknownOp.containsKey("ref")).isFalse(); // not a write: a bad subscription
      assertError(writer.next("error"), 7, 412);
    }
    JsonObject state = json(get(id, TestKeys.AGENTS));
    assertThat(state.getInt("version")).isEqualTo(2);
    assertThat(state.getInt("lease")).isEqualTo(60);
    assertThat(state.getJsonObject("data").toString())
        .isEqualTo("{\"step\":\"plan\",\"progress\":50}");

    try (StreamClient writeOnly = StreamClient.connect("/stream", TestKeys.WRITER)) {
      writeOnly.send("{\"op\":\"delete\",\"id\":\"" + id + "\",\"ref\":8}");
      JsonObject deleted = writeOnly.next("ack");
      assertThat(deleted.getInt("ref")).isEqualTo(8);
      assertThat(deleted.getInt("status")).isEqualTo(204);
    }
    assertThat(get(id, TestKeys.AGENTS).statusCode()).isEqualTo(404);
  }

  @Test
  void aReadOnlyKeyIsRefusedWithTheRefAndKeepsItsSocket() {
    String id = fresh("workflow-readonly-");
    put(id, "{\"data\":{\"step\":\"a\"}}", TestKeys.ADMIN);
    try (StreamClient reader = StreamClient.connect("/stream", TestKeys.READER)) {
      reader.send("{\"op\":\"put\",\"id\":\"" + id + "\",\"data\":{\"step\":\"b\"},\"ref\":42}");
      JsonObject refused = reader.next("error");
      assertThat(refused.getInt("ref")).isEqualTo(42);
      assertThat(refused.getString("id")).isEqualTo(id);
      assertThat(refused.getInt("status")).isEqualTo(403);
      assertThat(refused.getString("detail")).contains("write");
      reader.send("{\"op\":\"subscribe\",\"ids\":[\"" + id + "\"]}");
      assertThat(reader.next("snapshot").getInt("version")).isEqualTo(1);
    }
    assertThat(json(get(id, TestKeys.READER)).getJsonObject("data").getString("step"))
        .isEqualTo("a");
  }

  @Test
  void tenThousandPipelinedSocketWritesReachASubscriberInOrder() {
    String id = fresh("workflow-pipelined-");
    int writes = 10_000;
    try (StreamClient subscriber = StreamClient.connect("/stream", TestKeys.ADMIN);
        StreamClient writer = StreamClient.connect("/stream", TestKeys.AGENTS)) {
      subscriber.send("{\"op\":\"subscribe\",\"ids\":[\"" + id + "\"]}");
      subscriber.next("missing");
      subscriber.next("subscribed");
      for (int n = 1; n <= writes; n++) {
        writer.send(
            "{\"op\":\"patch\",\"id\":\""
                + id
                + "\",\"data\":{\"n\":"
                + n
                + "},\"ref\":"
                + n
                + "}");
      }
      for (int n = 1; n <= writes; n++) {
        JsonObject ack = writer.next("ack");
        assertThat(ack.getInt("ref")).isEqualTo(n);
        assertThat(ack.getInt("version")).isEqualTo(n);
      }
      List<JsonObject> updates = subscriber.until(m -> m.getInt("version", 0) == writes);
      List<Integer> versions = new ArrayList<>();
      for (JsonObject update : updates) {
        assertThat(update.getString("type")).isEqualTo("update");
        assertThat(update.getJsonObject("data").getInt("n")).isEqualTo(update.getInt("version"));
        versions.add(update.getInt("version"));
      }
      assertThat(versions).isSorted().doesNotHaveDuplicates().endsWith(writes);
    }
  }

  private static String write(String id, String op, String data, String ifMatch) {
    return "{\"id\":\""
        + id
        + "\",\"op\":\""
        + op
        + "\",\"data\":"
        + data
        + (ifMatch == null ? "" : ",\"ifMatch\":" + jsonString(ifMatch))
        + "}";
  }

  private static void assertError(JsonObject error, int ref, int status) {
    assertThat(error.getInt("ref")).as(error.toString()).isEqualTo(ref);
    assertThat(error.getInt("status")).as(error.toString()).isEqualTo(status);
    assertThat(error.getString("title")).isNotBlank();
    assertThat(error.getString("detail")).isNotBlank();
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\"", "\\\"") + "\"";
  }

  private static void assertResult(JsonObject result, String id, int status) {
    assertThat(result.getString("id")).isEqualTo(id);
    assertThat(result.getInt("status")).isEqualTo(status);
    assertThat(result.containsKey("problem")).isFalse();
  }

  private static void assertProblem(JsonObject result, String id, int status, String type) {
    assertThat(result.getString("id")).isEqualTo(id);
    assertThat(result.getInt("status")).isEqualTo(status);
    JsonObject problem = result.getJsonObject("problem");
    assertThat(problem.getString("type")).isEqualTo(type);
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(result.containsKey("version")).isFalse();
  }
}
