package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;

/**
 * A document's write in a cluster map: read the entry, let the mutation decide, then store only if
 * the entry is still what was read (else decide again). The key's owner serializes the
 * compare-and-sets, so versions rise strictly per document across nodes and {@code If-Match} is
 * atomic in the whole cluster; a refusal is the mutation's own {@code Problem}, thrown on the
 * caller's thread. A removal is first stored as a tombstone naming its reason (deleted or expired),
 * so every node's listeners learn it, then removed.
 */
public final class CompareAndSetWrites {

  private CompareAndSetWrites() {}

  /**
   * @param parsed this node's parsed changes: the stored text is parsed only if this node does not
   *     hold it already, and what the write decided is kept for the next read
   */
  public static Outcome apply(
      TextEntries documents, ParsedChanges parsed, String id, Mutation mutation) {
    while (true) {
      String stored = documents.get(id);
      Document current = parsed.current(id, stored);
      Outcome outcome = mutation.apply(current);
      if (!outcome.changed()) {
        return outcome;
      }
      Change change =
          ChangeText.rendered(
              new Change(outcome.kind(), outcome.next() != null ? outcome.next() : current));
      String next = ChangeText.of(change);
      boolean won =
          stored == null ? documents.putIfAbsent(id, next) : documents.replace(id, stored, next);
      if (won) {
        parsed.remember(id, next, change);
        if (change.kind().removes()) {
          // The tombstone has told every node why; a write that recreated it meanwhile stays.
          documents.remove(id, next);
        }
        return outcome;
      }
    }
  }
}
