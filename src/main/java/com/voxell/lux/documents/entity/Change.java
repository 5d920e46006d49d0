package com.voxell.lux.documents.entity;

import java.util.Objects;

/**
 * One change to one document, as subscribers learn of it. For {@link Kind#DELETED} and {@link
 * Kind#EXPIRED} the document is the last state it had.
 *
 * @param message the subscribers' message for this change when it arrived already rendered (a
 *     cluster node's write carries its {@code update} text across the grid, so no other node
 *     renders it again), else {@code null}; a rendering of the rest, so not part of equality
 */
public record Change(Kind kind, Document document, String message) {

  /** What happened; the stream's message type follows from it. */
  public enum Kind {
    CREATED,
    UPDATED,
    STALE,
    DELETED,
    EXPIRED,
    /**
     * A live document's lease was renewed: only its lease moved, so subscribers are told nothing,
     * but every node hears it, since each node's lease and expiry deadlines follow the changes.
     */
    EXTENDED,
    /**
     * A stale document's lease was renewed: it is live again, and subscribers get {@code renewed}.
     */
    RENEWED;

    public boolean removes() {
      return this == DELETED || this == EXPIRED;
    }

    /** Whether only the lease moved (a renewal): data and version are those of the last write. */
    public boolean renews() {
      return this == EXTENDED || this == RENEWED;
    }
  }

  public Change {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(document);
  }

  public Change(Kind kind, Document document) {
    this(kind, document, null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Change that && kind == that.kind && document.equals(that.document);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, document);
  }

  public String id() {
    return document.id();
  }
}
