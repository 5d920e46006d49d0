package com.voxell.lux.cluster.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.voxell.lux.cluster.control.ClusterEngine;
import com.voxell.lux.cluster.control.OrderedHandoff;
import com.voxell.lux.cluster.control.SharedRateLimiter;
import com.voxell.lux.cluster.control.TextEntries;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.RateLimiter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The server's running Hazelcast member and the Lux parts built on it. Payara binds its member at
 * JNDI {@code payara/Hazelcast} when its data grid is on. Nothing outside this package sees a
 * Hazelcast type, so a server without Hazelcast never loads one.
 */
public final class Grid implements ClusterEngine {

  public static final String JNDI_NAME = "payara/Hazelcast";

  /** Write allowances, by writer name. */
  public static final String ALLOWANCES = "lux-write-allowances";

  /**
   * An idle writer's bucket is full again after a second; keep it a little longer, then drop it.
   */
  private static final long ALLOWANCE_IDLE_SECONDS = 60;

  /** Event lanes per node: enough to keep one slow listener from holding up most documents. */
  private static final int LANES = 4;

  private final HazelcastInstance member;
  private final OrderedHandoff handoff;
  private final HazelcastBackplane backplane;
  private final SharedRateLimiter rateLimiter;

  private Grid(HazelcastInstance member, ThreadFactory threads, Clock clock) {
    this.member = member;
    this.handoff = new OrderedHandoff(LANES, threads);
    this.backplane = new HazelcastBackplane(member, handoff);
    IMap<String, String> allowances = TenantFreeMaps.of(member, ALLOWANCES);
    this.rateLimiter =
        new SharedRateLimiter(
            TextEntries.expiring(
                allowances,
                (writer, text) ->
                    allowances.putIfAbsent(writer, text, ALLOWANCE_IDLE_SECONDS, TimeUnit.SECONDS)),
            clock);
  }

  /** The server's running member, if it has one; call only when Hazelcast's classes are visible. */
  public static Optional<Grid> ofServer(ThreadFactory threads, Clock clock) {
    Object found;
    try {
      found = new InitialContext().lookup(JNDI_NAME);
    } catch (NamingException e) {
      return Optional.empty();
    }
    if (found instanceof HazelcastInstance member && member.getLifecycleService().isRunning()) {
      return Optional.of(new Grid(member, threads, clock));
    }
    return Optional.empty();
  }

  @Override
  public Backplane backplane() {
    return backplane;
  }

  @Override
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** For the start-up log line: this member, its cluster and how many members it sees. */
  @Override
  public String describe() {
    return "member "
        + member.getCluster().getLocalMember().getAddress()
        + " of cluster '"
        + member.getConfig().getClusterName()
        + "' with "
        + member.getCluster().getMembers().size()
        + " member(s)";
  }

  @Override
  public void close() {
    backplane.close();
    handoff.close();
  }
}
