package com.voxell.lux.cluster;

import static org.awaitility.Awaitility.await;

import com.voxell.lux.support.DroppingProxy;
import com.voxell.lux.support.RollingRestart;
import com.voxell.lux.support.WildFlyCluster;
import com.voxell.lux.support.WildFlyNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's rolling restart ({@link RollingRestart}) on three WildFly nodes set up as README says
 * (the default partition handling), the proxy routing by their readiness on the management port.
 * Each node in turn is stopped in README's two steps ({@code :suspend}; once the proxy has taken it
 * out, SIGTERM), started again with its own {@code standalone/} (its configuration and Infinispan
 * identity) and waited for until it is ready and in one cache with the others.
 */
class WildFlyRollingRestartIT {

  @Test
  void everySubscriberEndsOnTheFinalVersionsAndNothingAcknowledgedIsLost() throws Exception {
    try (WildFlyCluster cluster = new WildFlyCluster("wildfly-rolling-restart-it", 3).start()) {
      RollingRestart.run(
              "WildFlyRollingRestartIT",
              cluster.nodes(),
              (node, proxy) -> {
                node.cli("--command=:suspend");
                await(node.name() + " out of the proxy's rotation")
                    .atMost(DroppingProxy.PROBE_INTERVAL.multipliedBy(10))
                    .until(() -> !proxy.routesTo(node.httpPort()));
                node.stop();
                node.start().awaitReady(WildFlyCluster.BOOT);
                for (WildFlyNode member : cluster.nodes()) {
                  cluster.awaitOneCache(member, Duration.ofSeconds(60));
                }
              })
          .assertHonest();
    }
  }
}
