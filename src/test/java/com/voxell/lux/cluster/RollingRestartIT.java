package com.voxell.lux.cluster;

import com.voxell.lux.support.PayaraCluster;
import com.voxell.lux.support.PayaraNode;
import com.voxell.lux.support.RollingRestart;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's rolling restart ({@link RollingRestart}) on three Payara Micro nodes: each in turn is
 * stopped with SIGTERM (its readiness goes DOWN and it answers 503 for its shutdown grace, so the
 * proxy drains it), waited for, started and waited for until it is back in the cluster. Every
 * answer to a write or an upgrade must be Lux's: the real one, 503 problem+json with Retry-After,
 * or (an open defect) Lux's 500 problem.
 */
class RollingRestartIT {

  @Test
  void everySubscriberEndsOnTheFinalVersionsAndNothingAcknowledgedIsLost() throws Exception {
    try (PayaraCluster cluster = new PayaraCluster("rolling-restart-it", 3).start()) {
      // Lux's own 500 still comes, rarely, to a write a node took just before it was told to stop
      // (1 run in 6 on 2026-12-05, 0.7 s after the signal; docs/BENCHMARKS.md, "Rolling restart
      // on Payara"): tolerated and printed until its cause is found; any answer that is not
      // Lux's fails.
      RollingRestart.run("RollingRestartIT", cluster.nodes(), (node, proxy) -> restart(node))
          .assertLuxAnswered();
    }
  }

  private static void restart(PayaraNode node) throws InterruptedException {
    node.stop();
    node.start().awaitReady(PayaraCluster.BOOT);
    PayaraCluster.awaitMembers(node, 3);
  }
}
