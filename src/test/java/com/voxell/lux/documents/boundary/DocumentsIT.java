package com.voxell.lux.documents.boundary;

import static com.voxell.lux.support.Lux.delete;
import static com.voxell.lux.support.Lux.get;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.patch;
import static com.voxell.lux.support.Lux.put;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.Lux;
import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** Every call of the document API and every refusal, over HTTP against a real Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DocumentsIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final String SEED =
      "{\"data\":{\"job\":\"invoice-reconcile\",\"step\":\"validating\",\"progress\":67}}";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war();
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void seedCurlLineWritesAndGetReturnsTheState() throws Exception {
    String id = "workflow-invoice-reconcile-abc123";
    ProcessBuilder curl =
        new ProcessBuilder(
            "bash",
            "-c",
            "curl -s -X PUT \"$BROKER/api/lux/workflow-invoice-reconcile-abc123\" \\\n"
                + "  -H \"Authorization: Bearer $LUX_API_KEY\" -H \"Content-Type: application/json\" \\\n"
                + "  -d '{\"data\":{\"job\":\"invoice-reconcile\",\"step\":\"validating\",\"progress\":67}}'");
    curl.environment().put("BROKER", Lux.base().toString());
    curl.environment().put("LUX_API_KEY", TestKeys.AGENTS);
    Process process = curl.start();
    String receipt = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    assertThat(json(receipt).getString("id")).isEqualTo(id);

    HttpResponse<String> got = get(id, TestKeys.AGENTS);
    assertThat(got.statusCode()).isEqualTo(200);
    JsonObject body = json(got);
    assertThat(body.getJsonObject("data").toString())
        .isEqualTo("{\"job\":\"invoice-reconcile\",\"step\":\"validating\",\"progress\":67}");
    assertThat(body.getJsonNumber("version").longValue())
        .isEqualTo(json(receipt).getJsonNumber("version").longValue());
    assertThat(body.getString("writer")).isEqualTo("agents");
    assertThat(body.getBoolean("stale")).isFalse();
    assertThat(got.headers().firstValue("ETag"))
        .contains("\"" + body.getString("epoch") + "." + body.getJsonNumber("version") + "\"");
  }

  @Test
  void putCreatesThenReplaces() {
    String id = fresh("workflow-put-");
    HttpResponse<String> created = put(id, SEED, KEY);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject receipt = json(created);
    assertThat(receipt.keySet()).containsExactlyInAnyOrder("id", "version", "epoch", "updatedAt");
    assertThat(receipt.getInt("version")).isEqualTo(1);
    assertThat(receipt.getString("updatedAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    HttpResponse<String> replaced = put(id, "{\"data\":{\"step\":\"done\"}}", KEY);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(json(replaced).getInt("version")).isEqualTo(2);
    assertThat(json(replaced).getString("epoch")).isEqualTo(receipt.getString("epoch"));
    assertThat(json(get(id, KEY)).getJsonObject("data").toString())
        .isEqualTo("{\"step\":\"done\"}");
  }

  @Test
  void patchMergesAndNullRemovesAField() {
    String id = fresh("workflow-patch-");
    HttpResponse<String> created = patch(id, "{\"data\":{\"progress\":1,\"step\":\"a\"}}", KEY);
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> patched = patch(id, "{\"data\":{\"progress\":68,\"step\":null}}", KEY);
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(json(get(id, KEY)).getJsonObject("data").toString()).isEqualTo("{\"progress\":68}");
  }

  @Test
  void getAnswers304WhenTheEtagStillMatches() {
    String id = fresh("workflow-etag-");
    String etag = put(id, SEED, KEY).headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> same = send(request("/" + id, KEY).header("If-None-Match", etag).GET());
    assertThat(same.statusCode()).isEqualTo(304);
    put(id, SEED, KEY);
    HttpResponse<String> moved = send(request("/" + id, KEY).header("If-None-Match", etag).GET());
    assertThat(moved.statusCode()).isEqualTo(200);
  }

  @Test
  void ifMatchGuardsWrites() {
    String id = fresh("workflow-ifmatch-");
    String etag = put(id, SEED, KEY).headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> first =
        send(
            request("/" + id, KEY)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(SEED)));
    assertThat(first.statusCode()).isEqualTo(200);
    HttpResponse<String> second =
        send(
            request("/" + id, KEY)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(SEED)));
    assertProblem(second, 412);
    HttpResponse<String> createOnly =
        send(
            request("/" + id, KEY)
                .header("Content-Type", "application/json")
                .header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString(SEED)));
    assertProblem(createOnly, 412);
    HttpResponse<String> deleteStale =
        send(request("/" + id, KEY).header("If-Match", etag).DELETE());
    assertProblem(deleteStale, 412);
    assertThat(json(get(id, KEY)).getInt("version")).isEqualTo(2);
  }

  @Test
  void deleteRemovesTheDocument() {
    String id = fresh("workflow-delete-");
    put(id, SEED, KEY);
    assertThat(delete(id, KEY).statusCode()).isEqualTo(204);
    assertProblem(get(id, KEY), 404);
    assertProblem(delete(id, KEY), 404);
  }

  @Test
  void listPagesThroughAPrefixInIdOrder() {
    String prefix = fresh("agent-run-list-") + "-";
    for (int i = 0; i < 5; i++) {
      put(
          prefix + i,
          "{\"data\":{\"status\":\"queued\",\"step\":\"s"
              + i
              + "\",\"progress\":"
              + i
              + ",\"summary\":\"x\",\"other\":1}}",
          KEY);
    }
    JsonObject first = json(send(request("?prefix=" + prefix + "&limit=2", KEY).GET()));
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject item = first.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("id")).isEqualTo(prefix + 0);
    assertThat(item.getString("status")).isEqualTo("queued");
    assertThat(item.getInt("progress")).isZero();
    assertThat(item.containsKey("data")).isFalse();
    assertThat(item.containsKey("other")).isFalse();
    assertThat(first.getString("next")).isEqualTo(prefix + 1);

    List<String> ids = new ArrayList<>();
    String after = null;
    do {
      JsonObject page =
          json(
              send(
                  request(
                          "?prefix="
                              + prefix
                              + "&limit=2"
                              + (after == null ? "" : "&after=" + after),
                          KEY)
                      .GET()));
      page.getJsonArray("items").forEach(v -> ids.add(v.asJsonObject().getString("id")));
      after = page.isNull("next") ? null : page.getString("next");
    } while (after != null);
    assertThat(ids).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);

    assertProblem(send(request("?prefix=" + prefix + "&limit=1001", KEY).GET()), 400);
    assertProblem(send(request("?prefix=" + prefix + "&limit=many", KEY).GET()), 400);
    assertProblem(send(request("?prefix=%20bad", KEY).GET()), 400);
  }

  @Test
  void leaseLapsesIntoStale() {
    String id = fresh("workflow-lease-");
    put(id, "{\"data\":{\"step\":\"a\"},\"lease\":1}", KEY);
    assertThat(json(get(id, KEY)).getInt("lease")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> json(get(id, KEY)).getBoolean("stale"));
    put(id, "{\"data\":{\"step\":\"b\"}}", KEY);
    JsonObject fresh = json(get(id, KEY));
    assertThat(fresh.getBoolean("stale")).isFalse();
    assertThat(fresh.getInt("lease")).as("a write naming no lease keeps the lease").isEqualTo(1);
  }

  @Test
  void ttlExpiresTheDocument() {
    String id = fresh("workflow-ttl-");
    put(id, "{\"data\":{\"step\":\"a\"},\"ttl\":1}", KEY);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(id, KEY).statusCode() == 404);
  }

  @Test
  void malformedBodiesAreRefusedWithPreciseProblems() {
    String id = fresh("workflow-bad-");
    assertProblem(put(id, "{\"data\":", KEY), 400);
    assertProblem(put(id, "{\"step\":\"a\"}", KEY), 400);
    assertProblem(put(id, "{\"data\":[1,2]}", KEY), 400);
    assertProblem(put(id, "{\"data\":{},\"colour\":\"red\"}", KEY), 400);
    assertProblem(put(id, "{\"data\":{},\"lease\":-1}", KEY), 400);
    assertProblem(put(id, "{\"data\":{},\"ttl\":\"soon\"}", KEY), 400);
    assertProblem(
        put(id, "{\"data\":" + "{\"a\":".repeat(33) + "1" + "}".repeat(33) + "}", KEY), 400);
    assertProblem(put(id, "{\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}", KEY), 400);
    assertProblem(put("-starts-with-dash", SEED, KEY), 400);
    assertProblem(put("x".repeat(201), SEED, KEY), 400);
    assertProblem(put(id, "{\"data\":{\"blob\":\"" + "x".repeat(70_000) + "\"}}", KEY), 413);
    assertProblem(
        send(
            request("/" + id, KEY)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(SEED))),
        415);
    assertProblem(get(id, KEY), 404); // none of the above created it
    // the nesting limit is exactly 32: data itself is depth 1
    assertThat(
            put(id, "{\"data\":" + "{\"a\":".repeat(31) + "{}" + "}".repeat(31) + "}", KEY)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void containerErrorsAreProblemsToo() {
    assertProblem(send(request("/a/b/c", KEY).GET()), 404);
    HttpResponse<String> notAllowed =
        send(request("/x", KEY).POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(notAllowed, 405);
    assertThat(notAllowed.headers().firstValue("Allow")).isPresent();
    HttpResponse<String> outside =
        Lux.send(
            HttpRequest.newBuilder(Lux.base().resolve("/no/such/file"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(outside.statusCode()).isIn(404, 405);
    assertThat(outside.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void credentialsAreChecked() {
    String id = fresh("workflow-auth-");
    HttpResponse<String> none = put(id, SEED, null);
    assertProblem(none, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertProblem(put(id, SEED, "not-a-key"), 401);
    assertProblem(get(id, null), 401);
    assertProblem(put(id, SEED, TestKeys.READER), 403);
    assertProblem(put("elsewhere-" + id, SEED, TestKeys.AGENTS), 403);
    assertProblem(send(request("?prefix=elsewhere-", TestKeys.AGENTS).GET()), 403);
    assertThat(put(id, SEED, TestKeys.WRITER).statusCode()).isEqualTo(201);
    assertProblem(get(id, TestKeys.WRITER), 403);
    assertThat(get(id, TestKeys.READER).statusCode()).isEqualTo(200);
    assertThat(put(id, SEED, TestKeys.HASHED).statusCode()).isEqualTo(200);
    assertThat(json(get(id, KEY)).getString("writer")).isEqualTo("hashed");
    assertProblem(delete(id, TestKeys.READER), 403);
  }

  @Test
  void aKeyOverItsWriteRateGets429WithRetryAfter() {
    String id = fresh("workflow-rate-");
    int refused = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = put(id, SEED, TestKeys.SLOW);
      if (response.statusCode() == 429) {
        refused++;
        last = response;
      }
    }
    assertThat(refused).isPositive();
    assertProblem(last, 429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }

  static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonObject problem = json(response);
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }
}
