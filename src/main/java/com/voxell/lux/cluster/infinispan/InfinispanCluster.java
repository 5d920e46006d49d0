package com.voxell.lux.cluster.infinispan;

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
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ClusteringConfiguration;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The WildFly HA server's cache container {@code lux} (added by {@code
 * server-config/wildfly-cluster.cli}) and the Lux parts built on its caches. Nothing outside this
 * package sees an Infinispan type, so a server without Infinispan never loads one.
 */
public final class InfinispanCluster implements ClusterEngine {

  /** Where the deployment overlay of {@code wildfly-cluster.cli} binds the caches for Lux. */
  public static final String DOCUMENTS = "java:comp/env/lux/documents";

  public static final String ALLOWANCES = "java:comp/env/lux/allowances";

  /** Event lanes per node: enough to keep one slow listener from holding up most documents. */
  private static final int LANES = 4;

  /**
   * An idle writer's bucket is full again after a second; keep it a little longer, then drop it.
   */
  private static final long ALLOWANCE_IDLE_SECONDS = 60;

  private final EmbeddedCacheManager container;
  private final OrderedHandoff handoff;
  private final InfinispanBackplane backplane;
  private final SharedRateLimiter rateLimiter;

  private InfinispanCluster(
      Cache<String, String> documents,
      Cache<String, String> allowances,
      ThreadFactory threads,
      Clock clock) {
    this.container = documents.getCacheManager();
    this.handoff = new OrderedHandoff(LANES, threads);
    this.backplane = new InfinispanBackplane(documents, handoff);
    this.rateLimiter =
        new SharedRateLimiter(
            TextEntries.expiring(
                allowances,
                (writer, text) ->
                    allowances.putIfAbsent(writer, text, ALLOWANCE_IDLE_SECONDS, TimeUnit.SECONDS)),
            clock);
  }

  /**
   * The server's clustered caches for Lux, if it has them; call only when Infinispan's classes are
   * visible.
   */
  public static Optional<InfinispanCluster> ofServer(ThreadFactory threads, Clock clock) {
    Optional<Cache<String, String>> documents = lookup(DOCUMENTS);
    Optional<Cache<String, String>> allowances = lookup(ALLOWANCES);
    if (documents.isEmpty() || allowances.isEmpty()) {
      return Optional.empty();
    }
    requireCopies(documents.get());
    return Optional.of(new InfinispanCluster(documents.get(), allowances.get(), threads, clock));
  }

  @SuppressWarnings("unchecked")
  private static Optional<Cache<String, String>> lookup(String name) {
    try {
      return new InitialContext().lookup(name) instanceof Cache<?, ?> cache
          ? Optional.of((Cache<String, String>) cache)
          : Optional.empty();
    } catch (NamingException e) {
      return Optional.empty();
    }
  }

  /** Refuses a cache where one node's death would lose documents. */
  private static void requireCopies(Cache<String, String> documents) {
    ClusteringConfiguration clustering = documents.getCacheConfiguration().clustering();
    CacheMode mode = clustering.cacheMode();
    boolean copies =
        mode.isReplicated() || (mode.isDistributed() && clustering.hash().numOwners() >= 2);
    if (!copies) {
      throw new IllegalStateException(
          "the cache '"
              + documents.getName()
              + "' is "
              + mode
              + "; Lux needs a replicated cache (or distributed with 2 owners) so a node's death"
              + " loses no document: run server-config/wildfly-cluster.cli");
    }
  }

  @Override
  public Backplane backplane() {
    return backplane;
  }

  @Override
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /**
   * Runs {@code changed} when partition handling degrades this node's documents cache (a split, or
   * a member lost without leaving, left it with half or fewer of its members) and again when the
   * cache is available after the merge.
   */
  @Override
  public void onQuorumChange(Runnable changed) {
    backplane.onAvailabilityChange(changed);
  }

  @Override
  public int members() {
    return container.getMembers() == null ? 1 : container.getMembers().size();
  }

  /** For the start-up log line: this node, its cluster and the members it sees. */
  @Override
  public String describe() {
    return "node "
        + container.getAddress()
        + " of cluster '"
        + container.getClusterName()
        + "', members "
        + container.getMembers();
  }

  @Override
  public void close() {
    backplane.close();
    handoff.close();
  }
}
