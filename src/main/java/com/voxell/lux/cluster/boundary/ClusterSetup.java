package com.voxell.lux.cluster.boundary;

import com.voxell.lux.cluster.control.ClusterEngine;
import com.voxell.lux.cluster.grid.Grid;
import com.voxell.lux.cluster.infinispan.InfinispanCluster;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.LocalRateLimiter;
import com.voxell.lux.documents.control.RateLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses where documents live from {@code lux.cluster}: {@code local} (this JVM), {@code
 * hazelcast} (Payara's data grid), {@code infinispan} (a WildFly HA server's cache container {@code
 * lux}) or {@code auto} (whichever of the two the server runs, else local). An engine asked for by
 * name and missing fails the deployment, rather than running as a silent single node behind a load
 * balancer. Logs the choice at start, and produces the chosen engine's {@link Backplane} and {@link
 * RateLimiter} for the documents package.
 */
@ApplicationScoped
public class ClusterSetup {

  private static final Logger LOG = Logger.getLogger(ClusterSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.cluster")
  String mode;

  /**
   * Members a write needs on Payara's grid: {@code majority} of the static member list, or a
   * number.
   */
  @Inject
  @ConfigProperty(name = "lux.cluster.quorum")
  String quorum;

  /** Threads for the grid's event lanes, with the application's context. */
  @Resource ManagedThreadFactory threads;

  private Backplane backplane;
  private RateLimiter rateLimiter;
  private ClusterEngine engine;

  @PostConstruct
  void start() {
    Clock clock = Clock.systemUTC();
    String chosen = mode.trim().toLowerCase(Locale.ROOT);
    switch (chosen) {
      case "local" -> startLocal(chosen, "");
      case "hazelcast" -> {
        if (!startHazelcast(chosen, clock)) {
          throw new IllegalStateException(
              "lux.cluster=hazelcast but this server has no running Hazelcast member at JNDI '"
                  + Grid.JNDI_NAME
                  + "' (Payara: do not pass --nohazelcast; see README, Run clustered)");
        }
      }
      case "infinispan" -> {
        if (!startInfinispan(chosen, clock)) {
          throw new IllegalStateException(
              "lux.cluster=infinispan but this server binds no Lux caches at JNDI '"
                  + InfinispanCluster.DOCUMENTS
                  + "' (WildFly: start an HA profile, run server-config/wildfly-cluster.cli and"
                  + " reload; see README, Run clustered on WildFly)");
        }
      }
      case "auto" -> {
        if (!startHazelcast(chosen, clock) && !startInfinispan(chosen, clock)) {
          startLocal(chosen, ", no data grid or cache container found");
        }
      }
      default ->
          throw new IllegalStateException(
              "lux.cluster must be auto, local, hazelcast or infinispan, not '" + mode + "'");
    }
  }

  private boolean startHazelcast(String chosen, Clock clock) {
    return use(
        "hazelcast",
        chosen,
        visible("com.hazelcast.core.HazelcastInstance")
            ? Grid.ofServer(threads, clock, quorum)
            : Optional.empty());
  }

  private boolean startInfinispan(String chosen, Clock clock) {
    return use(
        "infinispan",
        chosen,
        visible("org.infinispan.manager.EmbeddedCacheManager")
            ? InfinispanCluster.ofServer(threads, clock)
            : Optional.empty());
  }

  private boolean use(String name, String chosen, Optional<? extends ClusterEngine> found) {
    found.ifPresent(
        running -> {
          engine = running;
          backplane = running.backplane();
          rateLimiter = running.rateLimiter();
          LOG.info("Lux cluster: " + name + " (lux.cluster=" + chosen + "), " + running.describe());
        });
    return found.isPresent();
  }

  private void startLocal(String chosen, String why) {
    backplane = new LocalBackplane();
    rateLimiter = new LocalRateLimiter(Clock.systemUTC());
    LOG.info("Lux cluster: local, documents in this JVM only (lux.cluster=" + chosen + why + ")");
  }

  @PreDestroy
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  /**
   * Checked before any engine class loads, so a server without Hazelcast (or Infinispan) never
   * links one.
   */
  private static boolean visible(String engineClass) {
    try {
      Class.forName(engineClass, false, ClusterSetup.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The cluster members this node sees, itself included: 1 when documents are local. */
  public int members() {
    return engine == null ? 1 : engine.members();
  }

  /**
   * Runs {@code changed} when this node loses its cluster's quorum, and when it has it back after
   * merging into the majority; never when local.
   */
  public void onQuorumChange(Runnable changed) {
    if (engine != null) {
      engine.onQuorumChange(changed);
    }
  }

  /** The documents' backplane, for the store and every listener. */
  @Produces
  @Singleton
  Backplane backplane() {
    return backplane;
  }

  @Produces
  @Singleton
  RateLimiter rateLimiter() {
    return rateLimiter;
  }
}
