package com.voxell.lux.stream.boundary;

import com.voxell.lux.cluster.boundary.ClusterSetup;
import com.voxell.lux.stream.control.SubscriptionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * When this node stops seeing a quorum of its cluster (it was frozen, or cut off by a network
 * split), the changes the majority makes no longer reach it; when it merges back, the majority's
 * documents replace its own without a change event. Either way what its subscribers hold may be
 * stale, so its stream connections are closed with 1013: the clients reconnect, through their load
 * balancer, to a node of the majority (or to this one once merged) and resume from a snapshot.
 */
@ApplicationScoped
public class QuorumWatch {

  private static final Logger LOG = Logger.getLogger(QuorumWatch.class.getName());

  @Inject ClusterSetup cluster;
  @Inject SubscriptionRegistry registry;

  void watch(@Observes @Initialized(ApplicationScoped.class) Object started) {
    cluster.onQuorumChange(
        () -> {
          LOG.info("lux cluster quorum lost or regained: closing stream connections with 1013");
          registry.closeConnections(1013, "this node's view of the cluster changed; reconnect");
        });
  }
}
