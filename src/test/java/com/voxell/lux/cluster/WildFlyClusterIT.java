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
 * ("Run clustered on WildFly") says.
 */
class WildFlyClusterIT extends ClusterChecks {

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
        CompletableFuture.runAsync(() -> nodeA.start().cluster(cluster, members, BOOT));
    nodeB.start().cluster(cluster, members, BOOT);
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
                  node.logText()
                      .contains(
                          "[Context=documents] ISPN100010: Finished rebalance with members [a, b]"));
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
