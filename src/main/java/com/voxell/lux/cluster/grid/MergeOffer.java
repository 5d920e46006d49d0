package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import com.voxell.lux.cluster.control.HeldEntries;
import com.voxell.lux.cluster.control.TextEntries;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * When this member merges into the other side of a healed split, keeps what it held, and offers it
 * back once merged ({@link HeldEntries} decides what stays): the grid's merge policy drops the
 * merging side's entries, which is right after a split with a majority and would lose acknowledged
 * writes after one where no side had a quorum.
 *
 * <p>The grid fires MERGING on its merge thread before it drops this member's entries, and waits
 * for the listener: the copy is taken there, with plain map calls on {@code String}s (no Lux class
 * is deserialized by the grid). The offer runs on a Lux thread after MERGED.
 */
final class MergeOffer implements LifecycleListener {

  private static final System.Logger LOG = System.getLogger(MergeOffer.class.getName());

  /** How long the offer is retried before this member gives up and says so. */
  private static final long PATIENCE_SECONDS = 120;

  private final IMap<String, String> documents;
  private final TextEntries entries;
  private final Cluster cluster;
  private final PartitionService partitions;
  private final int quorum;
  private final ThreadFactory threads;

  private Map<String, String> held = Map.of();
  private int sideSize;

  MergeOffer(
      IMap<String, String> documents,
      Cluster cluster,
      PartitionService partitions,
      int quorum,
      ThreadFactory threads) {
    this.documents = documents;
    this.entries = TextEntries.of(documents);
    this.cluster = cluster;
    this.partitions = partitions;
    this.quorum = quorum;
    this.threads = threads;
  }

  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> {
        sideSize = cluster.getMembers().size();
        try {
          held = new HashMap<>(documents.getAll(documents.localKeySet()));
        } catch (RuntimeException e) {
          // never in the way of the merge itself; only this member's offer is lost
          held = Map.of();
          LOG.log(System.Logger.Level.WARNING, "lux merge: could not copy the held documents", e);
        }
      }
      case MERGED -> {
        Map<String, String> mine = held;
        held = Map.of();
        // The side this member merged into: too small to take writes, it cannot have deleted
        // anything during the split, so a document it lacks is one it lost.
        int mergedInto = cluster.getMembers().size() - sideSize;
        boolean missingComeBack = mergedInto < quorum;
        threads.newThread(() -> offer(mine, mergedInto, missingComeBack)).start();
      }
      case MERGE_FAILED -> held = Map.of();
      default -> {
        // nothing to keep
      }
    }
  }

  private void offer(Map<String, String> mine, int mergedInto, boolean missingComeBack) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    for (int attempt = 1; ; attempt++) {
      try {
        awaitSafe(until);
        HeldEntries.Kept kept = HeldEntries.offer(entries, mine, missingComeBack);
        LOG.log(
            System.Logger.Level.INFO,
            "lux merge: this member held "
                + mine.size()
                + " documents when it merged into "
                + mergedInto
                + " member(s); kept "
                + kept.newer()
                + " newer than the cluster's and "
                + kept.missing()
                + " it lacked"
                + (missingComeBack
                    ? ""
                    : " (none: that side had a quorum, it may have deleted them)")
                + (attempt > 1 ? " (offer " + attempt + ")" : ""));
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > until) {
          LOG.log(
              System.Logger.Level.WARNING,
              "lux merge: offering held documents failed for " + PATIENCE_SECONDS + " s",
              e);
          return;
        }
        LOG.log(
            System.Logger.Level.INFO,
            "lux merge: offer " + attempt + " not confirmed (" + e + "); offering again");
        pause(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits until no partition is migrating, or the offer's patience is over. */
  private void awaitSafe(long until) throws InterruptedException {
    while (!partitions.isClusterSafe() && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
