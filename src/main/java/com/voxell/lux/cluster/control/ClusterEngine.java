package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.RateLimiter;

/**
 * A cluster engine the server already runs (Payara's Hazelcast, a WildFly HA server's Infinispan)
 * and the Lux parts built on it.
 */
public interface ClusterEngine extends AutoCloseable {

  Backplane backplane();

  RateLimiter rateLimiter();

  /** For the start-up log line: this node, its cluster and the members it sees. */
  String describe();

  @Override
  void close();
}
