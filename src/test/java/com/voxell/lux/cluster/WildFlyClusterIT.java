package com.voxell.lux.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.WildFlyCluster;
import com.voxell.lux.support.WildFlyNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks on two WildFly 38 nodes ({@code standalone-microprofile-ha.xml}) clustered on
 * loopback through the server's own JGroups and Infinispan, set up by the test exactly as README
 * ("Run clustered on WildFly") says, with README's choice of availability for two nodes.
 */
class WildFlyClusterIT extends ClusterChecks {

  /**
   * README's choice of availability for two nodes (no majority on either side), so the one left
   * when the other is killed goes on, as {@code ClusterIT} chooses with {@code
   * lux.cluster.quorum=1}.
   */
  private static final String TWO_NODES_AVAILABLE =
      "--command=/subsystem=infinispan/cache-container=lux/replicated-cache=documents"
          + "/component=partition-handling:write-attribute(name=when-split,"
          + " value=ALLOW_READ_WRITES)";

  private WildFlyCluster cluster;

  /** Stopped, and their output printed, by {@link ClusterChecks#stopNodes}. */
  @BeforeAll
  void startTwoNodes() {
    cluster = new WildFlyCluster("wildfly-cluster-it");
    a = cluster.node(0);
    b = cluster.node(1);
    cluster.start(TWO_NODES_AVAILABLE);
  }

  @Test
  void bothNodesSayTheyRunOnInfinispanAndFormOneCluster() {
    for (WildFlyNode node : new WildFlyNode[] {cluster.node(0), cluster.node(1)}) {
      assertThat(node.logText())
          .contains("Lux cluster: infinispan (lux.cluster=infinispan), node ");
      assertThat(cluster.inOneCache(node)).as(node.name() + " in one cache").isTrue();
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
