package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.util.Map;

/**
 * After a split heals, the grid keeps the entries of the side it merges into and drops those of the
 * side merging in. That is right when the side merged into had a quorum all along: it took every
 * write and delete meanwhile, while the other refused writes. It is wrong when both sides were left
 * without a quorum at once (a frozen master, and the two others also lost sight of each other while
 * the grid was moving partitions): then neither took a write, and the side merging in may hold the
 * only current copy of some documents. So the member that merged in offers back what it held, and
 * each entry is kept only where it cannot undo anything the cluster was told:
 *
 * <ul>
 *   <li>a newer version of the same incarnation (same epoch) of a document the cluster holds
 *       replaces the cluster's, by compare-and-set: versions rise strictly per document, so a
 *       higher one was written later, on a copy of the same history;
 *   <li>a document the cluster does not hold comes back only if the side merged into was too small
 *       to take writes during the split (it cannot have deleted it meanwhile);
 *   <li>never over a removal the cluster holds, never a different incarnation, never a removal.
 * </ul>
 */
public final class HeldEntries {

  private HeldEntries() {}

  /**
   * What an offer kept: documents whose newer version replaced the cluster's, and ones it lacked.
   */
  public record Kept(int newer, int missing) {}

  private enum Outcome {
    NEWER,
    MISSING,
    NONE
  }

  /**
   * Offers {@code held} (id to entry text, as this member held them when it merged in) to the
   * cluster.
   *
   * @param missingComeBack whether a document the cluster does not hold is stored again (the side
   *     merged into could not take writes during the split)
   */
  public static Kept offer(TextEntries cluster, Map<String, String> held, boolean missingComeBack) {
    int newer = 0;
    int missing = 0;
    for (Map.Entry<String, String> entry : held.entrySet()) {
      switch (offer(cluster, entry.getKey(), entry.getValue(), missingComeBack)) {
        case NEWER -> newer++;
        case MISSING -> missing++;
        case NONE -> {
          // the cluster's entry stays
        }
      }
    }
    return new Kept(newer, missing);
  }

  private static Outcome offer(
      TextEntries cluster, String id, String mine, boolean missingComeBack) {
    Change ours = ChangeText.change(mine);
    if (ours.kind().removes()) {
      return Outcome.NONE;
    }
    while (true) {
      String theirs = cluster.get(id);
      if (theirs == null) {
        if (!missingComeBack) {
          return Outcome.NONE;
        }
        if (cluster.putIfAbsent(id, mine)) {
          return Outcome.MISSING;
        }
      } else {
        if (!newer(ours, ChangeText.change(theirs))) {
          return Outcome.NONE;
        }
        if (cluster.replace(id, theirs, mine)) {
          return Outcome.NEWER;
        }
      }
      // the entry changed meanwhile: decide again on what it holds now
    }
  }

  /** Whether {@code ours} is a later state of the document {@code theirs} holds. */
  static boolean newer(Change ours, Change theirs) {
    if (theirs.kind().removes()) {
      return false;
    }
    Document mine = ours.document();
    Document current = theirs.document();
    return mine.epoch().equals(current.epoch()) && mine.version() > current.version();
  }
}
