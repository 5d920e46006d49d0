package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.problems.entity.Problem;
import java.time.Instant;

/**
 * The rules of a lease renewal, applied under the document's lock: the document must exist and the
 * precondition hold; the lease (the request's seconds, else the document's own) then runs from
 * {@code now}, and nothing else moves. The outcome's kind says whether the document was stale
 * before, which is all the stream needs: a live document's renewal ({@link Change.Kind#EXTENDED})
 * is heard by every node but sent to no subscriber; a stale one's ({@link Change.Kind#RENEWED})
 * tells subscribers it is live again.
 *
 * @param leaseSeconds the lease asked for, or {@code null} to keep the document's
 */
record RenewMutation(String id, Long leaseSeconds, Precondition precondition, Instant now)
    implements Mutation {

  @Override
  public Outcome apply(Document current) {
    if (current == null) {
      throw Problem.notFound(id);
    }
    precondition.check(current);
    long seconds = leaseSeconds != null ? leaseSeconds : current.leaseSeconds();
    if (seconds <= 0) {
      throw new Problem(
          Problem.Kind.NO_LEASE,
          "'"
              + id
              + "' has no lease, so there is nothing to renew; send {\"lease\": seconds} to"
              + " give it one.");
    }
    return new Outcome(
        current.renewed(now, seconds),
        current.stale() ? Change.Kind.RENEWED : Change.Kind.EXTENDED);
  }
}
