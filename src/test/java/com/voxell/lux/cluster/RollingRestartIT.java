package com.voxell.lux.cluster;

import com.voxell.lux.support.PayaraCluster;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.RollingRestart;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's rolling restart ({@link RollingRestart}) on three Payara Micro nodes: each in turn is
 * stopped with SIGTERM (its readiness goes DOWN and it answers 503 for its shutdown grace, so the
 * proxy drains it), waited for, started and waited for until it is back in the cluster.
 */
class RollingRestartIT {

  @Test
  void everySubscriberEndsOnTheFinalVersionsAndNothingAcknowledgedIsLost() throws Exception {
    try (PayaraCluster cluster = new PayaraCluster("rolling-restart-it", 3).start()) {
      // The answers are printed, not yet held to be real or 503 problem+json: a run on
      // 2026-12-05 met a 500 and a 503 without a body type or Retry-After while node A restarted
      // (docs/BENCHMARKS.md, "Rolling restart on Payara: two answers that are not honest").
      RollingRestart.run("RollingRestartIT", cluster.nodes(), (node, proxy) -> restart(node));
    }
  }

  private static void restart(PayaraNode node) throws InterruptedException {
    node.stop();
    node.start().awaitReady(PayaraCluster.BOOT);
    PayaraCluster.awaitMembers(node, 3);
  }
}
