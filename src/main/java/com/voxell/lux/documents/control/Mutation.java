package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Document;
import java.io.Serializable;

/**
 * One atomic step on one document, run by the {@link Backplane} where the document lives, with no
 * other write to it in between. It may throw a {@link com.voxell.lux.problems.entity.Problem} to
 * refuse; then nothing changes.
 */
@FunctionalInterface
public interface Mutation extends Serializable {

  /**
   * @param current the document's state, or {@code null} when it does not exist
   */
  Outcome apply(Document current);
}
