package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;

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

  public static Outcome apply(TextEntries documents, String id, Mutation mutation) {
    while (true) {
      String stored = documents.get(id);
      Outcome outcome = mutation.apply(ChangeText.current(stored));
      if (!outcome.changed()) {
        return outcome;
      }
      Change change =
          new Change(
              outcome.kind(), outcome.next() != null ? outcome.next() : ChangeText.current(stored));
      String next = ChangeText.of(change);
      boolean won =
          stored == null ? documents.putIfAbsent(id, next) : documents.replace(id, stored, next);
      if (won) {
        if (change.kind().removes()) {
          // The tombstone has told every node why; a write that recreated it meanwhile stays.
          documents.remove(id, next);
        }
        return outcome;
      }
    }
  }
}
