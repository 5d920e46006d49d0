package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Publishing against a real Lux: the seed's job written and followed, and every refusal. */
class ClientPublishingIT {

  private final RunningLux lux = RunningLux.get();
  private final LuxClient admin = lux.client(RunningLux.ADMIN).build();

  @AfterEach
  void close() {
    admin.close();
  }

  private static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static int status(Runnable call) {
    return refusal(call).status();
  }

  private static LuxException refusal(Runnable call) {
    LuxException refused = catchThrowableOfType(LuxException.class, call::run);
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }

  @Test
  void theSeedsJobIsPublishedAndFollowed() {
    String id = fresh("workflow-invoice-reconcile-");
    Recording recording = new Recording();
    List<Status> statuses = new CopyOnWriteArrayList<>();
    admin.onStatus(statuses::add);
    try (Watch watch = admin.watch(id, recording)) {
      JsonObject seed =
          Json.createObjectBuilder()
              .add("job", "invoice-reconcile")
              .add("step", "validating")
              .add("progress", 67)
              .build();
      Receipt created = admin.put(id, seed);
      assertThat(created.version()).isEqualTo(1);
      assertThat(recording.await(id, s -> s.version() == 1).data()).isEqualTo(seed);

      Receipt patched =
          admin.patch(
              id,
              Json.createObjectBuilder().add("progress", 68).build(),
              WriteOptions.NONE.ifMatch(created.etag()));
      assertThat(patched.version()).isEqualTo(2);
      assertThat(patched.epoch()).isEqualTo(created.epoch());
      DocumentState followed = recording.await(id, s -> s.version() == 2);
      assertThat(followed.progress()).isEqualTo(68);
      assertThat(followed.text("step")).isEqualTo("validating");
      assertThat(watch.current(id)).contains(followed);
      assertThat(admin.get(id)).isEqualTo(followed);
      assertThat(statuses).startsWith(Status.CONNECTING, Status.LIVE);
      assertThat(recording.threads).allMatch(name -> name.equals("lux-client-listeners"));
    }
  }

  @Test
  void everyRefusalIsOneExceptionWithTheProblemsStatusTypeAndDetail() {
    String id = fresh("workflow-refused-");
    JsonObject data = Json.createObjectBuilder().add("step", "a").build();
    Receipt receipt = admin.put(id, data);

    LuxException unknownKey;
    try (LuxClient stranger = lux.client("not-a-key").build()) {
      unknownKey = refusal(() -> stranger.put(id, data));
    }
    assertThat(unknownKey.status()).isEqualTo(401);
    assertThat(unknownKey.type()).isEqualTo("urn:lux:problem:unauthorized");
    assertThat(unknownKey.detail()).isNotBlank();
    assertThat(unknownKey.id()).isEqualTo(id);

    try (LuxClient reader = lux.client(RunningLux.READER).build();
        LuxClient agents = lux.client(RunningLux.AGENTS).build()) {
      assertThat(status(() -> reader.put(id, data))).isEqualTo(403);
      assertThat(status(() -> agents.put(fresh("elsewhere-"), data))).isEqualTo(403);
    }
    assertThat(status(() -> admin.get(fresh("workflow-missing-")))).isEqualTo(404);
    assertThat(status(() -> admin.renew(fresh("workflow-missing-"), null, null))).isEqualTo(404);
    LuxException noLease = refusal(() -> admin.renew(id, null, null));
    assertThat(noLease.status()).isEqualTo(409);
    assertThat(noLease.type()).isEqualTo("urn:lux:problem:no-lease");
    assertThat(status(() -> admin.put("not a valid id!", data))).isEqualTo(400);
    assertThat(status(() -> admin.put(id, data, WriteOptions.NONE.lease(Duration.ofDays(400)))))
        .isEqualTo(400);
    assertThat(status(() -> admin.put(id, data, WriteOptions.NONE.ifMatch("\"other.1\""))))
        .isEqualTo(412);
    JsonObject big = Json.createObjectBuilder().add("blob", "x".repeat(70_000)).build();
    assertThat(status(() -> admin.put(id, big))).isEqualTo(413);
    assertThat(admin.get(id).version()).as("no refusal changed it").isEqualTo(receipt.version());

    try (LuxClient slow = lux.client(RunningLux.SLOW).build()) {
      String limited = fresh("workflow-slow-");
      LuxException tooFast = null;
      for (int i = 0; i < 5 && tooFast == null; i++) {
        try {
          slow.put(limited, data);
        } catch (LuxException e) {
          tooFast = e;
        }
      }
      assertThat(tooFast).isNotNull();
      assertThat(tooFast.status()).isEqualTo(429);
      assertThat(tooFast.retryAfter()).isPositive();
    }

    try (LuxClient nowhere =
        LuxClient.builder("http://127.0.0.1:" + RunningLux.freePort() + "/api/lux")
            .apiKey(RunningLux.ADMIN)
            .build()) {
      assertThat(status(() -> nowhere.get(id))).as("unreachable").isEqualTo(0);
    }
  }

  @Test
  void aBatchAnswersEachWriteInOrder() {
    String a = fresh("workflow-batch-");
    String b = fresh("workflow-batch-");
    JsonObject data = Json.createObjectBuilder().add("step", "x").build();
    Receipt existing = admin.put(b, data);

    List<BatchResult> results =
        admin.batch(
            List.of(
                BatchWrite.put(a, data, WriteOptions.NONE.lease(Duration.ofSeconds(30))),
                BatchWrite.patch(b, data, WriteOptions.NONE.ifMatch("other.9")),
                BatchWrite.delete(b, existing.etag())));

    assertThat(results).extracting(BatchResult::status).containsExactly(201, 412, 204);
    assertThat(results.get(0).receipt().version()).isEqualTo(1);
    assertThat(results.get(1).ok()).isFalse();
    assertThat(results.get(1).problem().type()).isEqualTo("urn:lux:problem:precondition-failed");
    assertThat(admin.get(a).lease()).isEqualTo(30);
    assertThat(status(() -> admin.get(b))).isEqualTo(404);
  }
}
