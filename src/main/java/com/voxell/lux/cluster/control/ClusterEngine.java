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

  /** The members this node sees now, itself included (readiness reports it). */
  int members();

  /**
   * Runs {@code changed} when this node loses its quorum and again when it has it back after
   * merging (README, "When things go wrong"); an engine without a quorum check never does.
   */
  default void onQuorumChange(Runnable changed) {}

  @Override
  void close();
}
