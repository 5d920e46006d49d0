package com.voxell.lux.cluster.boundary;

import com.voxell.lux.cluster.grid.Grid;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.RateLimiter;
import com.voxell.lux.documents.control.WriteRateLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses where documents live from {@code lux.cluster}: {@code local} (this JVM), {@code
 * hazelcast} (the server's data grid; the deployment fails if there is none, rather than running as
 * a silent single node behind a load balancer) or {@code auto} (the grid when the server runs one,
 * else local). Logs the choice at start.
 */
@ApplicationScoped
public class ClusterSetup {

  private static final Logger LOG = Logger.getLogger(ClusterSetup.class.getName());

  @Inject
  @ConfigProperty(name = "lux.cluster", defaultValue = "auto")
  String mode;

  /** Members a write needs: {@code majority} of the static member list, or a number. */
  @Inject
  @ConfigProperty(name = "lux.cluster.quorum", defaultValue = "majority")
  String quorum;

  /** Threads for the grid's event lanes, with the application's context. */
  @Resource ManagedThreadFactory threads;

  private Backplane backplane;
  private RateLimiter rateLimiter;
  private Grid grid;

  @PostConstruct
  void start() {
    Clock clock = Clock.systemUTC();
    String chosen = mode.trim().toLowerCase(Locale.ROOT);
    if (!chosen.equals("auto") && !chosen.equals("local") && !chosen.equals("hazelcast")) {
      throw new IllegalStateException(
          "lux.cluster must be auto, local or hazelcast, not '" + mode + "'");
    }
    Optional<Grid> found =
        chosen.equals("local") || !hazelcastVisible()
            ? Optional.empty()
            : Grid.ofServer(threads, clock, quorum);
    if (found.isPresent()) {
      Grid running = found.get();
      grid = running;
      backplane = running.backplane();
      rateLimiter = running.rateLimiter();
      LOG.info("Lux cluster: hazelcast (lux.cluster=" + chosen + "), " + running.describe());
      return;
    }
    if (chosen.equals("hazelcast")) {
      throw new IllegalStateException(
          "lux.cluster=hazelcast but this server has no running Hazelcast member at JNDI '"
              + Grid.JNDI_NAME
              + "' (Payara: do not pass --nohazelcast; see README, Run clustered)");
    }
    backplane = new LocalBackplane();
    rateLimiter = new WriteRateLimiter(clock);
    LOG.info(
        "Lux cluster: local, documents in this JVM only (lux.cluster="
            + chosen
            + (chosen.equals("auto") ? ", no data grid found" : "")
            + ")");
  }

  @PreDestroy
  void stop() {
    if (grid != null) {
      grid.close();
    }
  }

  /** Checked before any grid class loads, so a server without Hazelcast never links one. */
  private static boolean hazelcastVisible() {
    try {
      Class.forName(
          "com.hazelcast.core.HazelcastInstance", false, ClusterSetup.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Runs {@code changed} when this node loses its cluster's quorum, and when it has it back after
   * merging into the majority; never when local.
   */
  public void onQuorumChange(Runnable changed) {
    if (grid != null) {
      grid.onQuorumChange(changed);
    }
  }

  /** The cluster members this node sees, itself included: 1 when documents are local. */
  public int members() {
    return grid == null ? 1 : grid.members();
  }

  public Backplane backplane() {
    return backplane;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }
}
