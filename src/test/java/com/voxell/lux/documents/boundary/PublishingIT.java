package com.voxell.lux.documents.boundary;

import static com.voxell.lux.support.Lux.get;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.put;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** High-rate publishing against a real Payara Micro: the batch call. */
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
