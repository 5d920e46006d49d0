package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.control.Mutation;
import com.voxell.lux.documents.control.Outcome;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;

/**
 * A document's write in a cluster map: let the mutation decide on the entry, then store only if the
 * entry is still what it decided on (else decide again). The key's owner serializes the
 * compare-and-sets, so versions rise strictly per document across nodes and {@code If-Match} is
 * atomic in the whole cluster; a refusal is the mutation's own {@code Problem}, thrown on the
 * caller's thread. A removal is first stored as a tombstone naming its reason (deleted or expired),
 * so every node's listeners learn it, then removed.
 *
 * <p>The first decision is made on the text this node last wrote or heard for the document, so an
 * ordinary write is one round trip to the owner (the compare-and-set itself) instead of a read and
 * then the compare-and-set. That text may be out of date (an event still on its way, a split that
 * healed): then the compare-and-set fails, and the write reads the entry and decides again. Only a
 * decision the owner confirmed counts, so a refusal or a "nothing to change" decided on that text
 * is decided again on the entry read from the owner before it is answered.
 */
public final class CompareAndSetWrites {

  private CompareAndSetWrites() {}

  /**
   * @param parsed this node's parsed changes: the text to decide on first, parsed only if this node
   *     does not hold it already, and what the write decided is kept for the next write
   */
  public static Outcome apply(
      TextEntries documents, ParsedChanges parsed, String id, Mutation mutation) {
    String remembered = parsed.text(id);
    if (remembered != null) {
      Outcome confirmed = tryOnce(documents, parsed, id, mutation, remembered, true);
      if (confirmed != null) {
        return confirmed;
      }
    }
    while (true) {
      Outcome outcome = tryOnce(documents, parsed, id, mutation, documents.get(id), false);
      if (outcome != null) {
        return outcome;
      }
    }
  }

  /**
   * Decides on {@code stored} and stores the result if the entry still holds {@code stored}: the
   * outcome, or {@code null} when the entry had changed meanwhile (or, for a text only remembered,
   * when the decision was not one the owner confirmed).
   */
  private static Outcome tryOnce(
      TextEntries documents,
      ParsedChanges parsed,
      String id,
      Mutation mutation,
      String stored,
      boolean remembered) {
    Document current = parsed.current(id, stored);
    Outcome outcome;
    try {
      outcome = mutation.apply(current);
    } catch (RuntimeException refused) {
      if (remembered) {
        return null; // refused on what this node remembers: decide again on the owner's entry
      }
      throw refused;
    }
    if (!outcome.changed()) {
      return remembered ? null : outcome;
    }
    Change change =
        ChangeText.rendered(
            new Change(outcome.kind(), outcome.next() != null ? outcome.next() : current));
    String next = ChangeText.of(change);
    boolean won =
        stored == null ? documents.putIfAbsent(id, next) : documents.replace(id, stored, next);
    if (!won) {
      return null;
    }
    parsed.remember(id, next, change);
    if (change.kind().removes()) {
      // The tombstone has told every node why; a write that recreated it meanwhile stays.
      documents.remove(id, next);
    }
    return outcome;
  }
}
