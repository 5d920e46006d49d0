package com.voxell.lux.documents.entity;

import java.util.Objects;

/**
 * One change to one document, as subscribers learn of it. For {@link Kind#DELETED} and {@link
 * Kind#EXPIRED} the document is the last state it had.
 */
public record Change(Kind kind, Document document) {

  /** What happened; the stream's message type follows from it. */
  public enum Kind {
    CREATED,
    UPDATED,
    STALE,
    DELETED,
    EXPIRED;

    public boolean removes() {
      return this == DELETED || this == EXPIRED;
    }
  }

  public Change {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(document);
  }

  public String id() {
    return document.id();
  }
}
