package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;

/**
 * Re-issues a document's stored state under the version after {@code sent}, when the store holds
 * {@code sent} or an older version of the same epoch. A node sends what its grid's events tell it;
 * a member that froze can, as it wakes, apply writes queued for it while the others had already
 * dropped it and tell them, and a member that dies right after a write tells them before its backup
 * has it. Neither write was acknowledged and the grid no longer holds it, but subscribers were sent
 * it, and they never take an older version after a newer one: so the state the grid holds comes
 * back above it. A version that rose meanwhile (a write since) needs nothing; nodes that found the
 * same lost version race here, and the first one's re-issue leaves nothing for the others.
 */
public record ReissueMutation(String epoch, long sent) implements Mutation {

  @Override
  public Outcome apply(Document current) {
    if (current == null || !current.epoch().equals(epoch) || current.version() > sent) {
      return Outcome.unchanged(current);
    }
    return new Outcome(current.reissuedAs(sent + 1), Change.Kind.UPDATED);
  }
}
