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
 * split), the changes the majority makes no longer reach it, and after the heal its stale copies
 * are replaced without a change event. So its stream connections are closed with 1013 at once: the
 * clients reconnect, through their load balancer, to a node of the majority and resume from a
 * snapshot there.
 */
@ApplicationScoped
public class QuorumLossWatch {

  private static final Logger LOG = Logger.getLogger(QuorumLossWatch.class.getName());

  @Inject ClusterSetup cluster;
  @Inject SubscriptionRegistry registry;

  void watch(@Observes @Initialized(ApplicationScoped.class) Object started) {
    cluster.onQuorumLost(
        () -> {
          LOG.info("lux lost its cluster's quorum: closing stream connections with 1013");
          registry.closeConnections(1013, "this node lost its cluster's quorum; reconnect");
        });
  }
}
