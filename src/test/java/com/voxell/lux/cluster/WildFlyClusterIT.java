package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.WildFlyNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks on two WildFly 38 nodes ({@code standalone-microprofile-ha.xml}) clustered on
 * loopback through the server's own JGroups and Infinispan, set up by the test exactly as README
 * ("Run clustered on WildFly") says, with README's choice of availability for two nodes.
 */
class WildFlyClusterIT extends ClusterChecks {

  private static final String REBALANCED =
      "[Context=documents] ISPN100010: Finished rebalance with members ";

  /**
   * README's choice of availability for two nodes (no majority on either side), so the one left
   * when the other is killed goes on, as {@code ClusterIT} chooses with {@code
   * lux.cluster.quorum=1}.
   */
  private static final String TWO_NODES_AVAILABLE =
      "--command=/subsystem=infinispan/cache-container=lux/replicated-cache=documents"
          + "/component=partition-handling:write-attribute(name=when-split,"
          + " value=ALLOW_READ_WRITES)";

  @BeforeAll
  void startTwoNodes() throws IOException {
    Path dir = Path.of(System.getProperty("lux.target", "target"), "wildfly-cluster-it");
    Files.createDirectories(dir);
    String cluster = "lux-it-" + UUID.randomUUID().toString().substring(0, 8);
    WildFlyNode nodeA = new WildFlyNode("a", dir, "lux.cluster=infinispan");
    WildFlyNode nodeB = new WildFlyNode("b", dir, "lux.cluster=infinispan");
    a = nodeA;
    b = nodeB;
    List<WildFlyNode> members = List.of(nodeA, nodeB);
    // Both servers boot and are set up side by side; each step waits only for its own server.
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> nodeA.start().cluster(cluster, members, BOOT, TWO_NODES_AVAILABLE));
    nodeB.start().cluster(cluster, members, BOOT, TWO_NODES_AVAILABLE);
    first.join();
    a.awaitReady(BOOT);
    b.awaitReady(BOOT);
  }

  @Test
  void bothNodesSayTheyRunOnInfinispanAndFormOneCluster() {
    for (var node : List.of(a, b)) {
      assertThat(node.logText())
          .contains("Lux cluster: infinispan (lux.cluster=infinispan), node ");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  // the members in the order the coordinator saw them join
                  node.logText().contains(REBALANCED + "[a, b]")
                      || node.logText().contains(REBALANCED + "[b, a]"));
    }
  }

  @Test
  void wildFlySaysWhichPrivateModuleLuxUses() {
    // the one private module, for the cache-listener annotations only (README names it)
    assertThat(a.logText())
        .contains(
            "WFLYSRV0018: Deployment \"deployment.lux.war\" is using a private module (\"org.infinispan.core\")")
        .doesNotContain("private module (\"org.infinispan.commons\")");
  }
}
