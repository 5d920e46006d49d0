package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.IMap;
import com.voxell.lux.cluster.control.HeldEntries;
import com.voxell.lux.cluster.control.TextEntries;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

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

  private final IMap<String, String> documents;
  private final TextEntries entries;
  private final Cluster cluster;
  private final int quorum;
  private final ThreadFactory threads;

  private Map<String, String> held = Map.of();
  private int sideSize;

  MergeOffer(IMap<String, String> documents, Cluster cluster, int quorum, ThreadFactory threads) {
    this.documents = documents;
    this.entries = TextEntries.of(documents);
    this.cluster = cluster;
    this.quorum = quorum;
    this.threads = threads;
  }

  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> {
        sideSize = cluster.getMembers().size();
        held = new HashMap<>(documents.getAll(documents.localKeySet()));
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
    try {
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
              + (missingComeBack ? "" : " (none: that side had a quorum and may have deleted them)"));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "lux merge: offering held documents failed", e);
    }
  }
}
