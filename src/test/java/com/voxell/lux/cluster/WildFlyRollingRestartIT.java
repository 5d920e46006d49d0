package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.AckedWrites;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.WildFlyCluster;
import com.voxell.lux.support.WildFlyNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three WildFly nodes set up as README says (the default partition handling), writers at a steady
 * rate on the nodes a load balancer routing by readiness would use: each node in turn is stopped
 * with SIGTERM (and taken out of the writers' rotation, as its readiness goes DOWN), started again
 * with its own {@code standalone/} (its configuration and Infinispan identity) and put back once it
 * is ready and in one cache with the others. Every write is acknowledged or refused with 503
 * problem+json and Retry-After, and no acknowledged write is lost.
 */
class WildFlyRollingRestartIT {

  private static final String KEY = TestKeys.ADMIN;
  private static final int DOCUMENTS = 40;
  private static final int WRITES_PER_SECOND = 40;

  @Test
  void everyNodeRestartedInTurnUnderWritesLosesNothingAcknowledged() throws Exception {
    String prefix = "wf-rolling-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<String> ids = IntStream.range(0, DOCUMENTS).mapToObj(i -> prefix + i).toList();
    try (WildFlyCluster cluster = new WildFlyCluster("wildfly-rolling-restart-it", 3).start()) {
      List<WildFlyNode> nodes = cluster.nodes();
      AtomicReference<List<URI>> targets =
          new AtomicReference<>(nodes.stream().map(WildFlyNode::base).toList());
      try (AckedWrites writes =
          new AckedWrites(ids, KEY, 4, WRITES_PER_SECOND, AckedWrites.roundRobin(targets::get))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> writes.acknowledged().size() > 10);
        assertThat(writes.report("WildFlyRollingRestartIT before the restarts").keySet())
            .containsOnly("accepted");
        long rollStart = System.nanoTime();
        for (WildFlyNode node : nodes) {
          long stopping = System.nanoTime();
          targets.set(
              nodes.stream().filter(other -> other != node).map(WildFlyNode::base).toList());
          node.stop();
          node.start().awaitReady(WildFlyCluster.BOOT);
          for (WildFlyNode member : nodes) {
            cluster.awaitOneCache(member, Duration.ofSeconds(60));
          }
          assertThat(
                  ClusterChecks.put(node, prefix + "back-" + node.name(), "{\"data\":{}}")
                      .statusCode())
              .as(node.name() + " takes a write once it is ready")
              .isEqualTo(201);
          targets.set(nodes.stream().map(WildFlyNode::base).toList());
          Map<String, Long> back = writes.acknowledged();
          await(node.name() + " takes writes again")
              .atMost(Duration.ofSeconds(30))
              .until(() -> writes.newerThan(back) >= DOCUMENTS / 4);
          Map<String, Long> outcomes =
              writes.report(
                  String.format(
                      "WildFlyRollingRestartIT %s restarted and back in %d ms",
                      node.name(), Duration.ofNanos(System.nanoTime() - stopping).toMillis()));
          assertThat(outcomes.keySet())
              .as("writes while " + node.name() + " restarted")
              .isSubsetOf("accepted", "refused 503");
        }
        writes.close();
        System.out.printf(
            "WildFlyRollingRestartIT rolled three nodes in %d s under writes%n",
            Duration.ofNanos(System.nanoTime() - rollStart).toSeconds());
        for (WildFlyNode node : nodes) {
          assertThat(writes.lost(node.base()))
              .as("acknowledged writes lost, read on " + node.name())
              .isEmpty();
        }
      }
    }
  }
}
