package com.voxell.lux.cluster;

import com.voxell.lux.support.PayaraCluster;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.RollingRestart;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's rolling restart ({@link RollingRestart}) on three Payara Micro nodes: each in turn is
 * stopped with SIGTERM (its readiness goes DOWN and it answers 503 for its shutdown grace, so the
 * proxy drains it), waited for, started and waited for until it is back in the cluster. Every
 * answer to a write or an upgrade must be the real one or 503 problem+json with Retry-After.
 */
class RollingRestartIT {

  @Test
  void everySubscriberEndsOnTheFinalVersionsAndNothingAcknowledgedIsLost() throws Exception {
    try (PayaraCluster cluster = new PayaraCluster("rolling-restart-it", 3).start()) {
      RollingRestart.run("RollingRestartIT", cluster.nodes(), (node, proxy) -> restart(node))
          .assertHonest();
    }
  }

  private static void restart(PayaraNode node) throws InterruptedException {
    node.stop();
    node.start().awaitReady(PayaraCluster.BOOT);
    PayaraCluster.awaitMembers(node, 3);
  }
}
