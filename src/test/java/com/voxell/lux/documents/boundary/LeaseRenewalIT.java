package com.voxell.lux.documents.boundary;

import static com.voxell.lux.documents.boundary.DocumentsIT.assertProblem;
import static com.voxell.lux.support.Lux.get;
import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.put;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.EventClient;
import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/lux/{id}/lease} over real HTTP, WebSocket and SSE against Payara Micro: the
 * lease is kept without a new version or an {@code update}, {@code renewed} only after stale, and
 * every refusal.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LeaseRenewalIT {

  private static final String KEY = TestKeys.ADMIN;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war();
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static HttpResponse<String> renew(String id, String body, String key, String ifMatch) {
    HttpRequest.Builder request = request("/" + id + "/lease", key);
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    if (body == null) {
      return send(request.POST(HttpRequest.BodyPublishers.noBody()));
    }
    return send(
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonObject renewed(String id) {
    HttpResponse<String> response = renew(id, null, KEY, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static long version(JsonObject message) {
    return message.getJsonNumber("version").longValue();
  }

  @Test
  void renewalsKeepTheDocumentLivePastItsLeaseWithoutANewVersionOrAnUpdate() throws Exception {
    String id = fresh("workflow-renew-");
    HttpResponse<String> written = put(id, "{\"data\":{\"step\":\"waiting\"},\"lease\":4}", KEY);
    JsonObject receipt = json(written);
    String prefix = id.substring(0, id.length() - 4);
    try (StreamClient byId = StreamClient.connect("/stream/" + id, KEY);
        StreamClient byPrefix = StreamClient.connect("/stream", KEY);
        EventClient events = EventClient.open("/" + id, KEY)) {
      byId.next("snapshot");
      byPrefix.send("{\"op\":\"subscribe\",\"prefix\":\"" + prefix + "\"}");
      byPrefix.next("snapshot");
      byPrefix.next("subscribed");
      events.next("snapshot");

      // renewed every second for longer than the 4 s lease the write gave it
      Instant firstLeaseEnd = Instant.now().plusSeconds(4);
      JsonObject last = null;
      while (Instant.now().isBefore(firstLeaseEnd.plusSeconds(2))) {
        last = renewed(id);
        Thread.sleep(1000); // the agent's own pace: one renewal a second
      }
      JsonObject current = json(get(id, KEY));
      assertThat(current.getBoolean("stale")).as("live past the first lease").isFalse();
      assertThat(version(current)).isEqualTo(1);
      assertThat(current.getString("updatedAt")).isEqualTo(receipt.getString("updatedAt"));
      assertThat(current.getJsonObject("data").getString("step")).isEqualTo("waiting");
      assertThat(last.getString("id")).isEqualTo(id);
      assertThat(version(last)).isEqualTo(1);
      assertThat(last.getString("epoch")).isEqualTo(receipt.getString("epoch"));
      assertThat(last.getString("updatedAt")).isEqualTo(receipt.getString("updatedAt"));
      assertThat(last.getBoolean("stale")).isFalse();
      assertThat(Instant.parse(last.getString("leaseExpiresAt"))).isAfter(firstLeaseEnd);

      // no renewal now: it lapses, and subscribers saw nothing but that
      assertThat(byId.next("stale").getString("id")).isEqualTo(id);
      assertThat(byPrefix.next("stale").getString("id")).isEqualTo(id);
      events.next("stale");

      JsonObject revived = renewed(id);
      assertThat(revived.getBoolean("stale")).isFalse();
      for (JsonObject message :
          List.of(byId.next("renewed"), byPrefix.next("renewed"), events.next("renewed"))) {
        assertThat(message.getString("id")).isEqualTo(id);
        assertThat(version(message)).isEqualTo(1);
        assertThat(message.getString("epoch")).isEqualTo(receipt.getString("epoch"));
        assertThat(message.getString("leaseExpiresAt"))
            .isEqualTo(revived.getString("leaseExpiresAt"));
      }
      assertThat(json(get(id, KEY)).getBoolean("stale")).isFalse();

      // a live document's renewal tells no one: the next thing a subscriber hears is the write
      renewed(id);
      put(id, "{\"data\":{\"step\":\"done\"}}", KEY);
      assertThat(version(byId.next("update"))).isEqualTo(2);
      assertThat(version(byPrefix.next("update"))).isEqualTo(2);
    }
  }

  @Test
  void aRenewalNamingALeaseSetsItAndHonoursIfMatch() {
    String id = fresh("workflow-renew-");
    JsonObject receipt = json(put(id, "{\"data\":{}}", KEY));
    String etag = "\"" + receipt.getString("epoch") + ".1\"";

    HttpResponse<String> response = renew(id, "{\"lease\":60}", KEY, etag);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue(etag);
    assertThat(json(get(id, KEY)).getInt("lease")).isEqualTo(60);
    assertThat(renew(id, null, TestKeys.AGENTS, null).statusCode())
        .as("the agents key may renew within its prefixes")
        .isEqualTo(200);
  }

  @Test
  void everyRefusalIsAProblemAndChangesNothing() {
    String id = fresh("workflow-renew-");
    assertProblem(renew(id, null, KEY, null), 404);
    json(put(id, "{\"data\":{}}", KEY));
    assertProblem(renew(id, null, KEY, null), 409);
    assertThat(json(renew(id, null, KEY, null)).getString("type"))
        .isEqualTo("urn:lux:problem:no-lease");
    for (String bad :
        List.of(
            "{\"lease\":0}",
            "{\"lease\":\"30\"}",
            "{\"lease\":1.5}",
            "{\"lease\":31536001}",
            "{\"lease\":30,\"data\":{}}",
            "[30]",
            "{\"lease\":")) {
      assertProblem(renew(id, bad, KEY, null), 400);
    }
    assertProblem(renew(id, "{\"lease\":30}", KEY, "\"other.1\""), 412);
    assertProblem(renew(id, "{\"lease\":30}", null, null), 401);
    assertProblem(renew(id, "{\"lease\":30}", TestKeys.READER, null), 403);
    assertProblem(renew("elsewhere-" + id, "{\"lease\":30}", TestKeys.AGENTS, null), 403);
    JsonObject unchanged = json(get(id, KEY));
    assertThat(unchanged.containsKey("lease")).as("no refusal gave it a lease").isFalse();
    assertThat(version(unchanged)).isEqualTo(1);

    String slow = fresh("workflow-renew-slow-");
    put(slow, "{\"data\":{},\"lease\":30}", KEY);
    HttpResponse<String> limited = null;
    for (int i = 0; i < 10 && limited == null; i++) {
      HttpResponse<String> response = renew(slow, null, TestKeys.SLOW, null);
      if (response.statusCode() == 429) {
        limited = response;
      }
    }
    assertThat(limited).as("renewals count against writes-per-second").isNotNull();
    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
  }
}
