package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.AckedWrites;
import com.voxell.lux.support.ClusterNode;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.WildFlyCluster;
import com.voxell.lux.support.WildFlyNode;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two WildFly nodes set up exactly as README says, with {@code wildfly-cluster.cli}'s default
 * {@code when-split=DENY_READ_WRITES}: when one is killed the other, alone with half of the members
 * it last agreed on, refuses writes (and reads) with 503 problem+json and changes nothing; when the
 * killed node is started again and rejoins, both take writes again and hold every acknowledged
 * write.
 */
class WildFlyQuorumIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final int DOCUMENTS = 20;
  private static final int WRITERS = 2;
  private static final int WRITES_PER_SECOND = 20;

  /** A restarted WildFly boots and deploys Lux in 30–60 s on the busy 2-core machine. */
  private static final Duration REJOIN = Duration.ofMinutes(2);

  @Test
  void aNodeLeftAloneRefusesWritesAndBothTakeThemAgainOnceTheKilledNodeRejoins() throws Exception {
    String prefix = "quorum-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (WildFlyCluster cluster = new WildFlyCluster("wildfly-quorum-it")) {
      WildFlyNode survivor = cluster.node(0);
      WildFlyNode killed = cluster.node(1);
      cluster.start();
      String kept = prefix + "kept";
      assertThat(ClusterChecks.put(killed, kept, "{\"data\":{\"step\":\"before\"}}").statusCode())
          .isEqualTo(201);
      AtomicReference<List<URI>> targets =
          new AtomicReference<>(List.of(survivor.base(), killed.base()));
      try (AckedWrites writes =
          new AckedWrites(
              ids, KEY, WRITERS, WRITES_PER_SECOND, AckedWrites.roundRobin(targets::get))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> writes.acknowledged().size() >= 10);
        assertThat(writes.report("WildFlyQuorumIT before the kill").keySet())
            .containsOnly("accepted");

        killed.kill();
        long killedAt = System.nanoTime();
        targets.set(List.of(survivor.base()));
        HttpResponse<String> refused = firstRefusal(survivor, prefix + "refused");
        System.out.printf(
            "WildFlyQuorumIT first refusal %d ms after the kill%n", millisSince(killedAt));
        assertRefusedBecauseAlone(refused);
        assertRefusedBecauseAlone(
            ClusterChecks.patch(survivor, kept, "{\"data\":{\"step\":\"during\"}}"));
        assertRefusedBecauseAlone(ClusterChecks.get(survivor, kept));
        // a stream would start from a snapshot of a store the node cannot vouch for
        HttpResponse<String> stream =
            ClusterChecks.send(
                survivor, "/events/" + kept, "GET", null, Map.of("Accept", "text/event-stream"));
        assertThat(stream.statusCode()).as("an event stream on the node left alone").isEqualTo(503);
        assertThat(stream.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/problem+json");
        assertThat(stream.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(survivor.readinessStatus())
            .as("readiness of the node left alone")
            .isEqualTo(503);

        killed.start();
        long restartedAt = System.nanoTime();
        await("the survivor takes writes again once the killed node rejoins")
            .atMost(REJOIN)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> accepts(survivor, prefix + "back-" + survivor.name()));
        System.out.printf(
            "WildFlyQuorumIT writes accepted again on %s %d ms after the restart (outage %d ms)%n",
            survivor.name(), millisSince(restartedAt), millisSince(killedAt));
        writes.report(
            "WildFlyQuorumIT during the outage (kill until the survivor took writes again)");
        long errors = survivor.logText().lines().filter(l -> l.contains("ISPN000136")).count();
        System.out.printf(
            "WildFlyQuorumIT Infinispan ERRORs for refused commands in %s's log: %d%n",
            survivor.name(), errors);
        assertThat(errors)
            .as("refused before Infinispan is asked: only writes in flight as it degraded logged")
            .isLessThanOrEqualTo(WRITERS + 1); // and the probe
        killed.awaitReady(REJOIN);
        assertThat(
                ClusterChecks.put(killed, prefix + "back-" + killed.name(), "{\"data\":{}}")
                    .statusCode())
            .isEqualTo(201);
        System.out.printf(
            "WildFlyQuorumIT writes accepted on the restarted %s %d ms after the restart%n",
            killed.name(), millisSince(restartedAt));
        targets.set(List.of(survivor.base(), killed.base()));
        Map<String, Long> rejoined = writes.acknowledged();
        await("writes on both nodes again")
            .atMost(Duration.ofSeconds(30))
            .until(() -> writes.newerThan(rejoined) >= DOCUMENTS / 2);
        writes.close();
        assertThat(writes.report("WildFlyQuorumIT after the rejoin").keySet())
            .as("every write taken on both nodes")
            .containsOnly("accepted");

        for (WildFlyNode node : List.of(survivor, killed)) {
          assertThat(writes.lost(node.base()))
              .as("acknowledged writes lost, read on " + node.name())
              .isEmpty();
          assertThat(ClusterChecks.get(node, prefix + "refused").statusCode())
              .as("the refused PUT created nothing, read on " + node.name())
              .isEqualTo(404);
          JsonObject held = Lux.json(ClusterChecks.get(node, kept));
          assertThat(held.getInt("version")).as("the refused PATCH changed nothing").isEqualTo(1);
          assertThat(held.getJsonObject("data").getString("step")).isEqualTo("before");
        }
      }
    }
  }

  /**
   * PUTs a new document on the node every 50 ms until one is refused because the node is alone (a
   * write in flight as its peer vanished is refused first as unconfirmed: it may or may not have
   * been applied); writes taken before it create throwaway documents. The last one is {@code id},
   * never written.
   */
  private static HttpResponse<String> firstRefusal(ClusterNode node, String id) {
    AtomicInteger attempt = new AtomicInteger();
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    await("the node left alone refuses a write")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              String probe = id + "-probe-" + attempt.getAndIncrement();
              answer.set(ClusterChecks.put(node, probe, "{\"data\":{}}"));
              return answer.get().statusCode() == 503
                  && answer.get().body().contains("cut off from the majority");
            });
    return ClusterChecks.put(node, id, "{\"data\":{}}");
  }

  private static void assertRefusedBecauseAlone(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("2");
    JsonObject problem = Lux.json(answer);
    assertThat(problem.getString("type")).isEqualTo("urn:lux:problem:unavailable");
    assertThat(problem.getString("detail")).contains("cut off from the majority of its cluster");
  }

  private static boolean accepts(ClusterNode node, String id) {
    try {
      return ClusterChecks.put(node, id, "{\"data\":{}}").statusCode() / 100 == 2;
    } catch (UncheckedIOException noAnswer) {
      return false;
    }
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }
}
