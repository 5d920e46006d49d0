package com.voxell.lux.documents.control;

import com.voxell.lux.documents.entity.Writer;

/**
 * Per-writer write allowance: {@link LocalRateLimiter} counts in this JVM; a clustered one counts
 * in the grid, so a writer gets the same allowance whichever node its requests hit.
 */
public interface RateLimiter {

  /** Takes one write from the writer's allowance, or throws a 429 problem. */
  void acquire(Writer writer);
}
