package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.AckedWrites;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.VersionWatcher;
import com.voxell.lux.support.WildFlyCluster;
import com.voxell.lux.support.WildFlyNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three WildFly nodes set up as README says, with {@code wildfly-cluster.cli}'s default partition
 * handling ({@code DENY_READ_WRITES}); one is frozen with SIGSTOP for 20 s while writers and
 * subscribers use the other two, then woken with SIGCONT and written to as well. The live nodes go
 * on taking writes once JGroups has given up on the frozen member (its failure detection in {@code
 * wildfly-cluster.cli}); every write is acknowledged or refused with 503 problem+json and
 * Retry-After; the woken node answers honestly until it rejoins and takes writes again; no
 * acknowledged write is lost; every subscriber ends on the newest state or was closed with 1013,
 * and one arriving afterwards ends on the newest state on every node.
 */
class WildFlyPausedNodeIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final Duration PAUSE = Duration.ofSeconds(20);
  private static final int DOCUMENTS = 40;
  private static final int WRITES_PER_SECOND = 40;

  /** What a writer may meet: an acknowledgement, or a refusal it can act on. */
  private static final String[] HONEST = {"accepted", "refused 503"};

  @Test
  void liveNodesKeepWritingAndTheWokenNodeRejoinsWithNothingAcknowledgedLost() throws Exception {
    String prefix = "wf-paused-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (WildFlyCluster cluster = new WildFlyCluster("wildfly-paused-node-it", 3).start()) {
      WildFlyNode a = cluster.node(0);
      WildFlyNode b = cluster.node(1);
      WildFlyNode frozen = cluster.node(2);
      AtomicReference<List<URI>> targets = new AtomicReference<>(List.of(a.base(), b.base()));
      List<VersionWatcher> watchers = new ArrayList<>();
      try (AckedWrites writes =
          new AckedWrites(ids, KEY, 4, WRITES_PER_SECOND, AckedWrites.roundRobin(targets::get))) {
        for (WildFlyNode node : cluster.nodes()) {
          watchers.add(VersionWatcher.watch(node.httpPort(), KEY, ids));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledged().size() > 10);
        assertThat(writes.report("WildFlyPausedNodeIT before the pause").keySet())
            .containsOnly("accepted");

        frozen.pause();
        long paused = System.nanoTime();
        await().pollDelay(PAUSE).atMost(PAUSE.plusSeconds(1)).until(() -> true);
        Map<String, Long> during = writes.report("WildFlyPausedNodeIT during the 20 s pause");
        assertThat(during.keySet()).as("writes during the pause").isSubsetOf(HONEST);

        frozen.resume();
        long woken = System.nanoTime();
        AckedWrites.Gap stall = writes.longestGapBetween(paused, woken);
        System.out.printf(
            "WildFlyPausedNodeIT during the pause the live nodes took no write for %d ms, from %d"
                + " to %d ms after SIGSTOP%n",
            stall.length().toMillis(),
            Duration.ofNanos(stall.from() - paused).toMillis(),
            Duration.ofNanos(stall.to() - paused).toMillis());
        assertThat(stall.to())
            .as("the live nodes took writes again before SIGCONT")
            .isLessThan(woken);
        long back = awaitWritesTaken(frozen, prefix + "back");
        System.out.printf(
            "WildFlyPausedNodeIT the woken node took a write %d ms after SIGCONT%n",
            Duration.ofNanos(System.nanoTime() - woken).toMillis());
        for (WildFlyNode node : cluster.nodes()) {
          cluster.awaitOneCache(node, Duration.ofSeconds(60));
        }
        await("the woken node ready")
            .atMost(Duration.ofSeconds(60))
            .until(() -> frozen.readinessStatus() == 200);
        long ready = System.nanoTime();
        System.out.printf(
            "WildFlyPausedNodeIT the woken node ready, in one cache with the others, %d ms after"
                + " SIGCONT%n",
            Duration.ofNanos(ready - woken).toMillis());
        AckedWrites.Gap rejoin = writes.longestGapBetween(woken, ready);
        System.out.printf(
            "WildFlyPausedNodeIT from SIGCONT until then the live nodes took no write for %d ms at"
                + " most%n",
            rejoin.length().toMillis());
        writes.report("WildFlyPausedNodeIT from SIGCONT until the woken node was back");
        targets.set(List.of(a.base(), b.base(), frozen.base()));
        Map<String, Long> rejoined = writes.acknowledged();
        await("writes on all three nodes again")
            .atMost(Duration.ofSeconds(30))
            .until(() -> writes.newerThan(rejoined) >= DOCUMENTS / 2);
        writes.close();
        assertThat(
                writes
                    .report("WildFlyPausedNodeIT with the woken node back, on all three")
                    .keySet())
            .as("writes on all three nodes")
            .isSubsetOf(HONEST);

        // The writers have stopped: every node holds what every writer was told is stored.
        for (WildFlyNode node : cluster.nodes()) {
          assertThat(writes.lost(node.base()))
              .as("acknowledged writes lost, read on " + node.name())
              .isEmpty();
          assertThat(writes.held(node.base(), prefix + "back"))
              .as("the woken node's acknowledged write, read on " + node.name())
              .isGreaterThanOrEqualTo(back);
        }
        // What each subscriber must end on: the versions the cluster holds now, read again at each
        // check (a state sent that the cluster lost is re-issued under a newer version meanwhile).
        Supplier<Map<String, Long>> finals = () -> writes.newest(a.base());
        for (int i = 0; i < watchers.size(); i++) {
          VersionWatcher watcher = watchers.get(i);
          watcher.awaitNewestOrToldToReconnect(
              "a subscriber ends on the newest state or was closed with 1013", finals);
          System.out.println(
              "WildFlyPausedNodeIT subscriber on "
                  + cluster.node(i).name()
                  + ": close code "
                  + watcher.closeCode());
        }
        // A subscriber arriving now (one closed with 1013 reconnecting) ends on the newest state
        // whichever node it reaches: each node caught up with the cache.
        for (WildFlyNode node : cluster.nodes()) {
          try (VersionWatcher late = VersionWatcher.watch(node.httpPort(), KEY, ids)) {
            late.awaitNewest(
                "a new subscriber on " + node.name() + " ends on the newest state", finals);
          }
          System.out.println(
              "WildFlyPausedNodeIT "
                  + node.name()
                  + " stream counters: "
                  + ClusterChecks.send(node, "/admin/stream", "GET", null, Map.of()).body());
        }
      } finally {
        watchers.forEach(VersionWatcher::close);
      }
    }
  }

  /**
   * PUTs {@code id} on the woken node every 200 ms until it is acknowledged; every answer before
   * must be a refusal the client can act on (503 problem+json with Retry-After). Returns the
   * acknowledged version.
   */
  private static long awaitWritesTaken(WildFlyNode node, String id) {
    AtomicLong version = new AtomicLong();
    Map<String, Integer> answers = new HashMap<>();
    await("the woken node takes writes again")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> answer;
              try {
                answer = ClusterChecks.put(node, id, "{\"data\":{}}");
              } catch (UncheckedIOException noAnswer) {
                answers.merge("no answer", 1, Integer::sum);
                return false;
              }
              if (answer.statusCode() / 100 == 2) {
                version.set(Lux.json(answer).getJsonNumber("version").longValue());
                return true;
              }
              assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
              assertThat(answer.headers().firstValue("Content-Type"))
                  .hasValue("application/problem+json");
              assertThat(answer.headers().firstValue("Retry-After")).isPresent();
              answers.merge("503 problem+json", 1, Integer::sum);
              return false;
            });
    System.out.println(
        "WildFlyPausedNodeIT the woken node's answers before it took a write: " + answers);
    return version.get();
  }
}
