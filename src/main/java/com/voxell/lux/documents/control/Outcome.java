package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;

/**
 * What a {@link Mutation} decided: the next state ({@code null} to remove the document) and the
 * kind of change, or no change at all ({@code kind == null}).
 */
public record Outcome(Document next, Change.Kind kind) {

  public static Outcome unchanged(Document current) {
    return new Outcome(current, null);
  }

  public boolean changed() {
    return kind != null;
  }
}
